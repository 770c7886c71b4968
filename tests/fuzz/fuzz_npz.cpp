// libFuzzer target: the .npz / .npy reader (zip members stored or deflated, zip64, .npy headers).
// Any outcome but an array of the size its header claims, or a vlae::Error, is a bug.
#include <cstdlib>
#include <string_view>

#include "core/common/error.h"
#include "core/io/npz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"imgs", "latents_classes", "v2"}) {
    try {
      const vlae::NpyArray a = vlae::read_npz_member_bytes(bytes, name, "fuzz.npz");
      if (a.data.size() != a.count() * a.item_size()) std::abort();
    } catch (const vlae::Error&) {
    }
  }
  try {
    vlae::parse_npy(bytes, "fuzz.npy");
  } catch (const vlae::Error&) {
  }
  return 0;
}
