#pragma once
// One checkpoint file holds the config, step, model and optimizer together, written atomically,
// so the weights on disk always match the step and settings beside them.
#include <string>

#include "core/model/config.h"
#include "core/model/latent_model.h"
#include "core/run/run_folder.h"

namespace vlae {

class Trainer;

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
void save_checkpoint(const std::string& path, Trainer& trainer, double wall_s);
// Restores model and optimizer into a trainer built from the same config; returns wall_s.
double load_checkpoint_into(const std::string& path, Trainer& trainer);
// The same from checkpoint_bytes() (a distributed run ships rank 0's checkpoint to the other ranks);
// `origin` names them in errors.
double load_checkpoint_bytes_into(const std::string& bytes, const std::string& origin, Trainer& trainer);
// A run folder or a checkpoint file -> model in eval mode on the CPU.
LoadedModel load_model(const std::string& run_or_checkpoint);
// Writes RUN/state.json (step, seed, RNG scheme) beside a checkpoint.
void write_state_file(const RunPaths& paths, const RunConfig& config, int64_t step, double wall_s);

}  // namespace vlae
