#pragma once
// PNG files of plain images, written atomically.
#include <string>

#include "core/common/image.h"

namespace vlae {

void write_png(const std::string& path, const Image& image);
Image read_png(const std::string& path);  // any PNG/JPEG stb can decode; throws naming the path

}  // namespace vlae
