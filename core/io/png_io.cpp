#include "core/io/png_io.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
// PNG and JPEG only: the other formats stb reads are not used, and each is more code to trust.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#include <stb_image.h>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/jpeg_check.h"

namespace vlae {

void write_png(const std::string& path, const Image& image) {
  if (image.empty()) throw Error(path + ": nothing to write (empty image)");
  std::string bytes;
  auto sink = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(sink, &bytes, image.width, image.height, image.channels, image.pixels.data(),
                              image.width * image.channels))
    throw Error(path + ": PNG encoding failed");
  write_file_atomic(path, bytes);
}

Image read_png(const std::string& path) {
  const std::string bytes = read_file(path);
  if (!jpeg_huffman_tables_ok(bytes))
    throw Error(path + ": not a readable image (corrupt JPEG: a Huffman table declares more than 256 codes)");
  int w = 0, h = 0, c = 0;
  unsigned char* data = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()),
                                              &w, &h, &c, 0);
  if (!data) throw Error(path + ": not a readable image (" + std::string(stbi_failure_reason()) + ")");
  Image img;
  img.width = w;
  img.height = h;
  img.channels = c;
  img.pixels.assign(data, data + size_t(w) * h * c);
  stbi_image_free(data);
  return img;
}

}  // namespace vlae
