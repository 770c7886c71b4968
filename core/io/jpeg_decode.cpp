#include "core/io/jpeg_decode.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h uses FILE and size_t without including their headers
#include <vector>

#include <jpeglib.h>
#include <jerror.h>

#include "core/common/error.h"

namespace vlae {

namespace {

constexpr int kMaxScans = 500;               // real progressive files have about ten
constexpr long kMaxWarnings = 100;           // libjpeg recovers from each; this many means noise
constexpr long kMaxLibjpegBytes = 1L << 30;  // its own buffers (progressive coefficients)

// libjpeg's default error handler calls exit(), and its callbacks must not return, so they
// longjmp back to the guarded step that is running. Only libjpeg's C frames and the plain
// steps below lie in between, and none owns anything with a destructor.
struct Guard {
  jpeg_error_mgr mgr;  // first member: libjpeg's jpeg_error_mgr* is then also a Guard*
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated;
};

Guard* guard_of(j_common_ptr c) { return reinterpret_cast<Guard*>(c->err); }

[[noreturn]] void fail(j_common_ptr c) {
  Guard* g = guard_of(c);
  c->err->format_message(c, g->message);
  std::longjmp(g->jump, 1);
}

// Warnings (level -1) are corrupt data that libjpeg patches over. Where pixels would be lost
// (filled with grey or skipped) the file is refused, so no caller trains on made-up pixels; that
// also stops a tiny file that claims 8000 x 8000 pixels at its first missing bit. The harmless
// ones (unknown JFIF version, stray bytes between markers) pass, up to kMaxWarnings.
void on_message(j_common_ptr c, int level) {
  if (level >= 0) return;  // trace output
  switch (c->err->msg_code) {
    case JWRN_JPEG_EOF:
      guard_of(c)->truncated = true;
      fail(c);
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
      fail(c);
    default:
      if (++c->err->num_warnings > kMaxWarnings) fail(c);
  }
}

// Each scan of a progressive file passes over the whole image: thousands of tiny scans in a small
// file would keep the decoder busy for minutes.
void on_progress(j_common_ptr c) {
  if (reinterpret_cast<j_decompress_ptr>(c)->input_scan_number <= kMaxScans) return;
  Guard* g = guard_of(c);
  std::snprintf(g->message, sizeof g->message, "more than %d progressive scans", kMaxScans);
  std::longjmp(g->jump, 1);
}

// The guarded steps: false when libjpeg gave up (the guard's message says why).
bool create_and_read_header(j_decompress_ptr d, const unsigned char* data, size_t size) {
  if (setjmp(guard_of(reinterpret_cast<j_common_ptr>(d))->jump)) return false;
  jpeg_create_decompress(d);
  jpeg_mem_src(d, data, static_cast<unsigned long>(size));
  jpeg_read_header(d, TRUE);
  return true;
}

bool start(j_decompress_ptr d) {
  if (setjmp(guard_of(reinterpret_cast<j_common_ptr>(d))->jump)) return false;
  jpeg_start_decompress(d);
  return true;
}

bool read_rows(j_decompress_ptr d, unsigned char* out, size_t row_bytes) {
  if (setjmp(guard_of(reinterpret_cast<j_common_ptr>(d))->jump)) return false;
  while (d->output_scanline < d->output_height) {
    JSAMPROW row = out + size_t(d->output_scanline) * row_bytes;
    if (jpeg_read_scanlines(d, &row, 1) != 1) ERREXIT(d, JERR_INPUT_EMPTY);
  }
  jpeg_finish_decompress(d);
  return true;
}

// JPEG files end with FF D9; tolerate a little padding after it, as some writers add.
bool has_jpeg_end(std::string_view b) {
  const size_t from = b.size() > 64 ? b.size() - 64 : 0;
  for (size_t i = b.size(); i-- > from + 1;)
    if (uint8_t(b[i - 1]) == 0xFF && uint8_t(b[i]) == 0xD9) return true;
  return false;
}

// Adobe's CMYK JPEGs store inverted ink (255 = none); others store it plainly.
std::vector<uint8_t> cmyk_to_rgb(const std::vector<uint8_t>& cmyk, bool inverted) {
  std::vector<uint8_t> rgb(cmyk.size() / 4 * 3);
  for (size_t p = 0; p < cmyk.size() / 4; ++p) {
    const int k = inverted ? cmyk[p * 4 + 3] : 255 - cmyk[p * 4 + 3];
    for (int c = 0; c < 3; ++c) {
      const int ink = inverted ? cmyk[p * 4 + c] : 255 - cmyk[p * 4 + c];
      rgb[p * 3 + c] = uint8_t((ink * k + 127) / 255);
    }
  }
  return rgb;
}

std::vector<uint8_t> rgb_to_grey(const std::vector<uint8_t>& rgb) {
  std::vector<uint8_t> grey(rgb.size() / 3);
  for (size_t p = 0; p < grey.size(); ++p)  // ITU-R BT.601 luma, as libjpeg's own conversion
    grey[p] = uint8_t((299 * rgb[p * 3] + 587 * rgb[p * 3 + 1] + 114 * rgb[p * 3 + 2] + 500) / 1000);
  return grey;
}

// Frees libjpeg's memory on every way out; safe on a zeroed, never-created struct too.
struct Release {
  jpeg_decompress_struct* d;
  ~Release() { jpeg_destroy_decompress(d); }
};

}  // namespace

bool is_jpeg(std::string_view b) { return b.size() >= 2 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8; }

Image decode_jpeg(std::string_view bytes, int channels, const std::string& what) {
  if (!has_jpeg_end(bytes)) throw Error(what + ": truncated JPEG (no end-of-image marker)");
  Guard guard{};
  jpeg_decompress_struct d{};
  d.err = jpeg_std_error(&guard.mgr);
  guard.mgr.error_exit = fail;
  guard.mgr.emit_message = on_message;
  Release release{&d};
  auto refuse = [&](const std::string& why) { return Error(what + ": not a readable image (" + why + ")"); };
  auto libjpeg_error = [&] {
    return guard.truncated ? Error(what + ": truncated JPEG (" + guard.message + ")")
                           : refuse(std::string("libjpeg: ") + guard.message);
  };

  if (!create_and_read_header(&d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()))
    throw libjpeg_error();
  const int64_t pixels = int64_t(d.image_width) * d.image_height;
  if (pixels > kMaxDecodedPixels)
    throw refuse("JPEG of " + std::to_string(d.image_width) + " x " + std::to_string(d.image_height) +
                 " pixels; at most " + std::to_string(kMaxDecodedPixels) + " are read");
  const bool cmyk = d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK;
  switch (d.jpeg_color_space) {
    case JCS_GRAYSCALE:
      d.out_color_space = channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      d.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      d.out_color_space = JCS_CMYK;
      break;  // libjpeg has no CMYK -> RGB; done below
    default:
      throw refuse("JPEG with " + std::to_string(d.num_components) + " colour components; grey, RGB and CMYK are read");
  }
  jpeg_progress_mgr progress{};
  progress.progress_monitor = on_progress;
  d.progress = &progress;
  d.mem->max_memory_to_use = kMaxLibjpegBytes;

  if (!start(&d)) throw libjpeg_error();
  const int w = int(d.output_width), h = int(d.output_height), c = d.output_components;
  std::vector<uint8_t> out(size_t(w) * h * c);
  if (!read_rows(&d, out.data(), size_t(w) * c)) throw libjpeg_error();

  if (cmyk) {
    out = cmyk_to_rgb(out, d.saw_Adobe_marker);
    if (channels == 1) out = rgb_to_grey(out);
  }
  return Image{w, h, int(out.size() / (size_t(w) * h)), std::move(out)};
}

}  // namespace vlae
