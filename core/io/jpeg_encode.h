#pragma once
// JPEG encoding with libjpeg-turbo, the library that also decodes (jpeg_decode.h). stb's JPEG
// writer shifts negative values (undefined behaviour, found by UBSan in tests that write JPEGs).
#include <string>

#include "core/common/image.h"

namespace vlae {

// A grey (1 channel) or RGB (3 channels) image as JPEG file bytes; quality 1..100. Throws
// vlae::Error naming `what` for other channel counts or an encoder failure.
std::string encode_jpeg(const Image& image, int quality, const std::string& what);

}  // namespace vlae
