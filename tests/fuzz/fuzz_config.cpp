// libFuzzer target: run config JSON, through the same reader the CLI and checkpoints use.
#include "core/common/error.h"
#include <nlohmann/json.hpp>

#include "core/model/config.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = vlae::fuzz::write_input("config", data, size);
  try {
    const vlae::RunConfig c = vlae::load_run_config(path);
    vlae::validate(c, "fuzz");  // what was accepted once must be accepted again after a round trip
    (void)vlae::to_json(c).dump();
  } catch (const vlae::Error&) {
  }
  return 0;
}
