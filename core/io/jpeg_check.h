#pragma once
// A pre-check for JPEG files before stb_image decodes them. Debian bookworm ships stb_image 2.27,
// whose Huffman table builder writes past its 257-entry array when a DHT segment declares more than
// 256 codes (found by tests/fuzz/fuzz_image; upstream checks this since 2.28). Such a table is never
// valid JPEG, so refusing it loses nothing.
#include <string_view>

namespace vlae {

// False when `bytes` holds a JPEG Huffman table (DHT) of more than 256 codes; a PNG is always true.
bool jpeg_huffman_tables_ok(std::string_view bytes);

}  // namespace vlae
