#pragma once
// PNG and JPEG files of plain images (stb), written atomically.
#include <string>
#include <string_view>

#include "core/common/image.h"

namespace vlae {

void write_png(const std::string& path, const Image& image);
void write_jpeg(const std::string& path, const Image& image, int quality = 90);
Image read_png(const std::string& path);  // any PNG/JPEG stb can decode; throws naming the path

// Decodes PNG or JPEG bytes. `channels` 0 keeps the file's own (alpha dropped), 1 converts to
// grey, 3 to RGB. A JPEG without its end-of-image marker is refused as truncated (stb would
// decode the missing part as grey). Throws vlae::Error naming `what`.
Image decode_image(std::string_view bytes, int channels, const std::string& what);

}  // namespace vlae
