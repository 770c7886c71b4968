#include "core/io/jpeg_encode.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h uses FILE and size_t without including their headers
#include <cstdlib>

#include <jpeglib.h>

#include "core/common/error.h"

namespace vlae {

namespace {
// libjpeg's default error handler calls exit(): jump back to the guarded call instead.
struct EncodeGuard {
  jpeg_error_mgr mgr;  // first member: libjpeg's jpeg_error_mgr* is then also an EncodeGuard*
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void fail(j_common_ptr c) {
  auto* g = reinterpret_cast<EncodeGuard*>(c->err);
  c->err->format_message(c, g->message);
  std::longjmp(g->jump, 1);
}

// The guarded step: no object with a destructor lives between setjmp and libjpeg's longjmp.
bool compress(j_compress_ptr c, const Image& image, int quality, unsigned char** out, unsigned long* size) {
  if (setjmp(reinterpret_cast<EncodeGuard*>(c->err)->jump)) return false;
  jpeg_create_compress(c);
  jpeg_mem_dest(c, out, size);
  c->image_width = JDIMENSION(image.width);
  c->image_height = JDIMENSION(image.height);
  c->input_components = image.channels;
  c->in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(c);
  jpeg_set_quality(c, quality, TRUE);
  jpeg_start_compress(c, TRUE);
  const size_t row_bytes = size_t(image.width) * size_t(image.channels);
  while (c->next_scanline < c->image_height) {
    auto* row = const_cast<JSAMPLE*>(image.pixels.data() + size_t(c->next_scanline) * row_bytes);
    jpeg_write_scanlines(c, &row, 1);
  }
  jpeg_finish_compress(c);
  return true;
}
}  // namespace

std::string encode_jpeg(const Image& image, int quality, const std::string& what) {
  if (image.channels != 1 && image.channels != 3)
    throw Error(what + ": JPEG holds grey or RGB images, not " + std::to_string(image.channels) + " channels");
  if (quality < 1 || quality > 100)
    throw Error(what + ": JPEG quality must be 1 to 100, not " + std::to_string(quality));
  jpeg_compress_struct c{};
  EncodeGuard guard{};
  c.err = jpeg_std_error(&guard.mgr);
  guard.mgr.error_exit = fail;
  unsigned char* out = nullptr;
  unsigned long size = 0;
  const bool ok = compress(&c, image, quality, &out, &size);
  std::string bytes = ok ? std::string(reinterpret_cast<const char*>(out), size) : std::string();
  jpeg_destroy_compress(&c);
  std::free(out);
  if (!ok) throw Error(what + ": JPEG encoding failed: " + guard.message);
  return bytes;
}

}  // namespace vlae
