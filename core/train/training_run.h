#pragma once
// A run folder with its trainer: creating or resuming one, logging metrics, saving checkpoints.
// Shared by `vlae train` and the GUI's TrainingSession so both write the same files.
#include <memory>
#include <string>

#include "core/data/dataset.h"
#include "core/io/checkpoint.h"
#include "core/train/trainer.h"

namespace vlae {

struct TrainingRun {
  RunPaths paths;
  std::shared_ptr<const Dataset> train_data, heldout_data;
  std::unique_ptr<Trainer> trainer;
  double wall_s = 0;          // training wall time accumulated before this process
  int64_t saved_step = -1;    // step of the checkpoint on disk

  explicit TrainingRun(const std::string& dir) : paths(dir) {}
  void save();                // checkpoint + state.json, both atomic
  void log(const MetricsRecord& record);
  bool has_unsaved_steps() const { return trainer && trainer->step_count() != saved_step; }
};

// New run in `dir` (refuses a folder that already holds one). Writes config.json at once.
std::unique_ptr<TrainingRun> create_run(const std::string& dir, const RunConfig& config, const std::string& data_dir,
                                        torch::Device device);
// Continues the run in `dir` from its checkpoint; metrics after the checkpoint's step are dropped.
std::unique_ptr<TrainingRun> resume_run(const std::string& dir, const std::string& data_dir, torch::Device device);

}  // namespace vlae
