// libFuzzer target: the IDX reader (raw and gzip). Any outcome but data or a vlae::Error is a bug.
#include "core/common/error.h"
#include "core/data/idx_reader.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = vlae::fuzz::write_input("idx", data, size);
  try {
    const vlae::IdxImages images = vlae::read_idx_images(path);
    if (images.pixels.size() != size_t(images.count) * images.height * images.width) std::abort();
  } catch (const vlae::Error&) {
  }
  try {
    vlae::read_idx_labels(path);
  } catch (const vlae::Error&) {
  }
  return 0;
}
