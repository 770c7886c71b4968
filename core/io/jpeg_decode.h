#pragma once
// JPEG decoding with libjpeg-turbo. Debian bookworm's stb_image 2.27 misbehaves on corrupt JPEG
// streams (tests/fuzz found a Huffman table overflow and a 32-bit shift); libjpeg-turbo is the
// decoder the rest of the system uses and is fuzzed upstream. PNG stays with stb (png_io.cpp).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/image.h"

namespace vlae {

// Images are refused from their header, before any pixel memory, above 64 Mpx (8192 x 8192): far
// above any data set image, while a corrupt header can claim 65500 x 65500 (12 GB of RGB). PNG
// (png_io.cpp) uses the same limit.
constexpr int64_t kMaxDecodedPixels = int64_t(1) << 26;

// True when `bytes` starts with the JPEG start-of-image marker (FF D8).
bool is_jpeg(std::string_view bytes);

// Decodes a baseline or progressive JPEG (grey, YCbCr, RGB, CMYK or YCCK) to `channels` 1 (grey)
// or 3 (RGB); 0 keeps grey files grey and gives RGB otherwise. Throws vlae::Error naming `what`.
Image decode_jpeg(std::string_view bytes, int channels, const std::string& what);

}  // namespace vlae
