#pragma once
// An integrity check for checkpoint archives (ZIP files) before LibTorch reads them. LibTorch 1.13
// skips the ZIP CRCs and hands whatever bytes it finds to its TorchScript type parser, which
// crashes on some damaged class definitions (found by tests/fuzz/fuzz_checkpoint). Checking every
// entry's CRC-32 first turns a damaged file into an error; a file forged with matching CRCs still
// reaches LibTorch's parser as before.
#include <string>
#include <string_view>

namespace vlae {

// Empty when every entry of the ZIP archive in `bytes` is where its headers say and matches its
// CRC-32 (stored or deflated entries); otherwise a short reason for the user.
std::string zip_damage(std::string_view bytes);

}  // namespace vlae
