#include "core/io/png_chunks.h"

#include <cstdint>

namespace vlae {

std::string without_empty_png_data_chunks(std::string_view b) {
  // Chunks after the 8-byte signature: 4-byte big-endian length, 4-byte type, data, 4-byte CRC.
  auto length_at = [&](size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
  };
  std::string out;
  size_t copied = 0, at = 8;
  while (at + 12 <= b.size()) {
    const uint32_t len = length_at(at);
    if (len > b.size() - at - 12) break;
    if (len == 0 && b.substr(at + 4, 4) == "IDAT") {
      out.append(b.substr(copied, at - copied));
      copied = at + 12;
    }
    at += 12 + size_t(len);
  }
  if (copied == 0) return {};
  out.append(b.substr(copied));
  return out;
}

}  // namespace vlae
