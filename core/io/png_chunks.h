#pragma once
// A clean-up pass over PNG bytes before stb_image reads them. Debian's stb_image 2.27 copies a
// zero-length IDAT chunk with memcpy(NULL, ..., 0) when it comes first (undefined behaviour that
// UBSan stops on; found by tests/fuzz/fuzz_image). Such a chunk adds no image data, so dropping it
// changes nothing else.
#include <string>
#include <string_view>

namespace vlae {

// `bytes` without its zero-length IDAT chunks; empty when there are none (use `bytes` as it is).
// Damaged chunk lengths end the walk: what follows is copied unchanged for stb to refuse.
std::string without_empty_png_data_chunks(std::string_view bytes);

}  // namespace vlae
