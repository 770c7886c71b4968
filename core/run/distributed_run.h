#pragma once
// Starting a distributed run so that every rank begins from the same place: rank 0 shares the
// config and the target step, each rank opens its side (rank 0 the run folder, the others only
// their own copy of the data), all ranks agree that every one of them is ready, and rank 0's
// checkpoint (when resuming) and weights go out to the others.
#include <functional>
#include <memory>

#include "core/run/training_run.h"
#include "core/train/distributed.h"

namespace vlae {

struct DistStart {
  RunConfig config;
  int64_t target = 0;   // train until this step
  bool resume = false;  // rank 0 continues a run folder: its checkpoint is shipped to the others
};

// Rank 0's `start` on every rank (the others' argument is ignored).
DistStart share_start(DistGroup& group, const DistStart& start);

// Runs `open` on every rank. If it throws on any rank, every rank stops: the failing rank with its
// own error, the others with a line naming the rank that failed (so none waits for a timeout).
std::unique_ptr<TrainingRun> open_on_all_ranks(DistGroup& group,
                                               const std::function<std::unique_ptr<TrainingRun>()>& open);

// Gives every rank rank 0's state: the checkpoint (model, optimizer, step) when resuming, and
// always the parameters and buffers, so all ranks start identical.
void sync_run_from_rank0(DistGroup& group, TrainingRun& run, bool resume);

}  // namespace vlae
