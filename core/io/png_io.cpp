#include "core/io/png_io.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
// PNG only: JPEG goes to libjpeg-turbo (jpeg_decode.cpp, jpeg_encode.cpp), and every other format stb reads would
// be more code to trust.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb_image.h>

#include <algorithm>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/jpeg_decode.h"
#include "core/io/jpeg_encode.h"
#include "core/io/png_chunks.h"

namespace vlae {

namespace {
void append_to_string(void* ctx, void* data, int size) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
}
}  // namespace

void write_png(const std::string& path, const Image& image) {
  if (image.empty()) throw Error(path + ": nothing to write (empty image)");
  std::string bytes;
  if (!stbi_write_png_to_func(append_to_string, &bytes, image.width, image.height, image.channels, image.pixels.data(),
                              image.width * image.channels))
    throw Error(path + ": PNG encoding failed");
  write_file_atomic(path, bytes);
}

void write_jpeg(const std::string& path, const Image& image, int quality) {
  if (image.empty()) throw Error(path + ": nothing to write (empty image)");
  write_file_atomic(path, encode_jpeg(image, quality, path));
}

Image decode_image(std::string_view bytes, int channels, const std::string& what) {
  if (bytes.empty()) throw Error(what + ": empty file");
  if (is_jpeg(bytes)) return decode_jpeg(bytes, channels, what);
  if (bytes.substr(0, 8) != "\x89PNG\r\n\x1a\n") throw Error(what + ": not a readable image (neither PNG nor JPEG)");
  if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {  // width and height, big-endian
    auto be32 = [&](size_t at) {
      return (int64_t(uint8_t(bytes[at])) << 24) | (uint8_t(bytes[at + 1]) << 16) | (uint8_t(bytes[at + 2]) << 8) |
             uint8_t(bytes[at + 3]);
    };
    // Each side is checked first: two 32-bit sides' product can overflow even an int64_t.
    const int64_t width = be32(16), height = be32(20);
    if (width > kMaxDecodedPixels || height > kMaxDecodedPixels || width * height > kMaxDecodedPixels)
      throw Error(what + ": not a readable image (PNG of " + std::to_string(width) + " x " + std::to_string(height) +
                  " pixels; at most " + std::to_string(kMaxDecodedPixels) + " are read)");
  }
  const std::string cleaned = without_empty_png_data_chunks(bytes);
  if (!cleaned.empty()) bytes = cleaned;
  int w = 0, h = 0, c = 0;
  unsigned char* data =
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w, &h, &c, channels);
  if (!data) {
    // stb's reason can quote a damaged chunk type: keep the message one printable line.
    std::string reason = stbi_failure_reason();
    for (char& ch : reason)
      if (uint8_t(ch) < 0x20 || uint8_t(ch) >= 0x7F) ch = '?';
    throw Error(what + ": not a readable image (" + reason + ")");
  }
  Image img;
  img.width = w;
  img.height = h;
  img.channels = channels ? channels : c;
  img.pixels.assign(data, data + size_t(w) * h * img.channels);
  stbi_image_free(data);
  if (channels == 0 && (c == 2 || c == 4)) {  // drop alpha
    const int keep = c - 1;
    Image flat{w, h, keep, {}};
    flat.pixels.resize(size_t(w) * h * keep);
    for (size_t p = 0; p < size_t(w) * h; ++p) std::copy_n(&img.pixels[p * c], keep, &flat.pixels[p * keep]);
    return flat;
  }
  return img;
}

Image read_png(const std::string& path) { return decode_image(read_file(path), 0, path); }

}  // namespace vlae
