#pragma once
// A run's history over its whole length, not only the last few checkpoints: besides checkpoint.pt
// and the numbered ones, training keeps a weights-only copy (no optimizer state: about a third of
// the size) at steps of growing spacing, RUN/history/weights-<step>.pt at
// train.history_first * train.history_growth^k (100, 200, 400, ... by default). The explorer's
// timeline lists them all. Torch-free header.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/config.h"
#include "core/run/run_folder.h"

namespace vlae {

std::string history_folder(const RunPaths& paths);
std::string history_weights_path(const RunPaths& paths, int64_t step);
// "weights-00000100.pt" -> 100; any other name -> -1.
int64_t history_weights_step(const std::string& name);
// Whether training keeps a weights-only copy at `step` under the config's policy.
bool is_history_step(const TrainConfig& train, int64_t step);

struct TimelineEntry {
  int64_t step = 0;
  std::string path;
  bool weights_only = false;  // a history copy: viewable, not resumable
};
// Every kept set of weights of the run folder, oldest first, one per step (a full checkpoint is
// preferred over a history copy of the same step). Empty when the folder has none.
std::vector<TimelineEntry> checkpoint_timeline(const std::string& run_dir);

}  // namespace vlae
