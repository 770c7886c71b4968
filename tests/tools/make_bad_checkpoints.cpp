// make_bad_checkpoints DIR: checkpoints that are valid archives but wrong in one way each, for the
// bad-input table (tests/bad_inputs): a future format, weights that disagree with the embedded
// config, an archive that is not a vlae checkpoint, a run whose checkpoint is of another model;
// and small.pt, a good checkpoint of a minimal model (a fuzzing seed).
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"
#include "test_support.h"

using namespace vlae;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_bad_checkpoints DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir + "/other_run");
  const RunConfig tiny = test::tiny_config(dir + "/data");
  Model model = make_model(tiny.model);

  torch::serialize::OutputArchive future;
  future.write("vlae_format", c10::IValue(int64_t(99)));
  future.write("step", c10::IValue(int64_t(0)));
  future.write("wall_s", c10::IValue(0.0));
  future.write("config", c10::IValue(to_json(tiny).dump()));
  future.save_to(dir + "/future.pt");

  RunConfig wider = tiny;
  wider.model.latent_dims = {3, 3, 3};
  write_file_atomic(dir + "/mismatch.pt", checkpoint_bytes(wider, model, nullptr, 0, 0));

  torch::serialize::OutputArchive foreign;
  foreign.write("weights", torch::zeros({3}));
  foreign.save_to(dir + "/foreign.pt");

  // A run folder of the tiny config whose checkpoint holds another preset's model.
  RunConfig other = tiny;
  other.model.fc_width = 48;
  Model other_model = make_model(other.model);
  write_file_atomic(dir + "/other_run/config.json", to_json(tiny).dump(2));
  write_file_atomic(dir + "/other_run/checkpoint.pt", checkpoint_bytes(other, other_model, nullptr, 3, 0));

  // A good checkpoint of the smallest model the config allows: a seed for the checkpoint fuzzer.
  RunConfig small = tiny;
  small.model.height = small.model.width = 4;
  small.model.latent_dims = {1, 1};
  small.model.conv_widths = {1};
  small.model.conv_levels_per_layer = {1};
  small.model.fc_width = 1;
  Model small_model = make_model(small.model);
  write_file_atomic(dir + "/small.pt", checkpoint_bytes(small, small_model, nullptr, 1, 0));
  return 0;
}
