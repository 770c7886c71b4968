// libFuzzer target: the checkpoint loader (LibTorch's archive reader plus our header and shape checks).
#include "core/common/error.h"
#include "core/run/checkpoint.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = vlae::fuzz::write_input("checkpoint", data, size, ".pt");
  try {
    vlae::load_model(path);
  } catch (const vlae::Error&) {
  }
  return 0;
}
