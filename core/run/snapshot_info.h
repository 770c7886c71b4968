#pragma once
// Torch-free access to a snapshot: what the GUI needs to know about the weights it shows.
#include <memory>
#include <string>

#include "core/model/config.h"

namespace vlae {

struct ModelSnapshot;

struct SnapshotInfo {
  RunConfig config;
  int64_t step = 0;
  uint64_t id = 0;
  std::string checkpoint;
};

SnapshotInfo snapshot_info(const ModelSnapshot& snapshot);
// Loads a run folder or checkpoint file for decoding; throws vlae::Error naming the file.
std::shared_ptr<const ModelSnapshot> snapshot_from_checkpoint(const std::string& run_or_checkpoint);

}  // namespace vlae
