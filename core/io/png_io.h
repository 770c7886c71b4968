#pragma once
// PNG and JPEG files of plain images, written atomically (stb); read with stb (PNG) and
// libjpeg-turbo (JPEG, jpeg_decode.h).
#include <string>
#include <string_view>

#include "core/common/image.h"

namespace vlae {

void write_png(const std::string& path, const Image& image);
void write_jpeg(const std::string& path, const Image& image, int quality = 90);
Image read_png(const std::string& path);  // any PNG or JPEG; throws naming the path

// Decodes PNG or JPEG bytes. `channels` 0 keeps the file's own (alpha dropped), 1 converts to
// grey, 3 to RGB. A JPEG without its end-of-image marker is refused as truncated rather than
// decoded with a grey remainder. Throws vlae::Error naming `what`.
Image decode_image(std::string_view bytes, int channels, const std::string& what);

}  // namespace vlae
