#include "core/io/jpeg_check.h"

#include <cstddef>
#include <cstdint>

namespace vlae {

bool jpeg_huffman_tables_ok(std::string_view b) {
  // stb takes a JPEG to start at any 0xFF 0xD8 after fill bytes (0xFF 0xFF 0xD8 too), so only a PNG
  // is let through unscanned.
  if (b.size() >= 4 && b.substr(0, 4) == "\x89PNG") return true;
  // In entropy-coded data an 0xFF byte is followed by 0x00 or a restart marker, so every 0xFF 0xC4
  // in the file starts a real DHT segment; read its tables as stb does (bytes past the end read as 0).
  auto byte = [&](size_t i) -> int { return i < b.size() ? uint8_t(b[i]) : 0; };
  for (size_t at = 0; at + 1 < b.size(); ++at) {
    if (uint8_t(b[at]) != 0xFF || uint8_t(b[at + 1]) != 0xC4) continue;
    size_t p = at + 2;
    long left = long((byte(p) << 8) | byte(p + 1)) - 2;
    p += 2;
    while (left > 0 && p < b.size()) {
      int codes = 0;
      for (int i = 0; i < 16; ++i) codes += byte(p + 1 + size_t(i));
      if (codes > 256) return false;
      p += 17 + size_t(codes);
      left -= 17 + codes;
    }
  }
  return true;
}

}  // namespace vlae
