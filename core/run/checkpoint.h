#pragma once
// One checkpoint file holds the config, step, model and optimizer together, written atomically,
// so the weights on disk always match the step and settings beside them.
#include <string>

#include "core/model/config.h"
#include "core/model/latent_model.h"
#include "core/run/run_folder.h"

namespace vlae {

constexpr int64_t kCheckpointFormat = 1;

struct LoadedModel {
  RunConfig config;
  Model model;
  int64_t step = 0;
  double wall_s = 0;
  std::string checkpoint_path;
};

// Serialises the model (and optionally the optimizer) to bytes; exposed so snapshots and tests share it.
std::string checkpoint_bytes(const RunConfig& config, Model& model, torch::optim::Optimizer* optimizer, int64_t step,
                             double wall_s);
// Writes checkpoint_bytes() to `path` atomically.
void save_checkpoint(const std::string& path, const RunConfig& config, Model& model, torch::optim::Optimizer& optimizer,
                     int64_t step, double wall_s);

// Where a loaded checkpoint's run stood.
struct CheckpointPosition {
  int64_t step = 0;
  double wall_s = 0;
};
// Restores the weights and the optimizer's state into a model and optimizer built from `config`
// (whose model settings must match the checkpoint's); throws vlae::Error naming the file.
CheckpointPosition load_checkpoint_into(const std::string& path, const RunConfig& config, Model& model,
                                        torch::optim::Optimizer& optimizer);
// The same from checkpoint_bytes() (a distributed run ships rank 0's checkpoint to the other ranks);
// `origin` names them in errors.
CheckpointPosition load_checkpoint_bytes_into(const std::string& bytes, const std::string& origin,
                                              const RunConfig& config, Model& model,
                                              torch::optim::Optimizer& optimizer);
// A run folder or a checkpoint file -> model in eval mode on the CPU.
LoadedModel load_model(const std::string& run_or_checkpoint);
// Writes RUN/state.json (step, seed, RNG scheme) beside a checkpoint.
void write_state_file(const RunPaths& paths, const RunConfig& config, int64_t step, double wall_s);

}  // namespace vlae
