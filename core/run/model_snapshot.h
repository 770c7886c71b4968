#pragma once
// A frozen copy of a model's weights for decoding: the decoder never reads weights that the
// optimizer is changing. Immutable once published; shared by pointer.
#include <memory>
#include <string>

#include "core/model/config.h"
#include "core/model/latent_model.h"

namespace vlae {

struct ModelSnapshot {
  RunConfig config;
  Model model;  // eval mode, CPU or the trainer's device; decoder compiled (prepare_fast_decode)
  DecodePrecision precision = DecodePrecision::Module;  // of the compiled decoder
  int64_t step = 0;
  uint64_t id = 0;         // increases with every snapshot a process makes
  std::string checkpoint;  // file the weights came from, or the run's checkpoint path
};

// Deep-copies parameters and buffers of `model` into a new eval-mode module.
std::shared_ptr<const ModelSnapshot> make_snapshot(const RunConfig& config, Model& model, int64_t step,
                                                   const std::string& checkpoint,
                                                   DecodePrecision precision = default_decode_precision());
// A copy with weights of its own, for a worker that must not share the decoder's module (a
// module's forward is not safe to run on two threads at once).
std::shared_ptr<const ModelSnapshot> private_copy(const ModelSnapshot& snapshot);

}  // namespace vlae
