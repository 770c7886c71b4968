#pragma once
// A checkpoint opened for viewing only: fixed weights, the curves its folder logged, no control.
// Torch-free header: the GUI holds one.
#include <string>

#include "core/run/run_source.h"

namespace vlae {

class CheckpointView final : public RunSource {
 public:
  // A run folder (its newest checkpoint) or a checkpoint file; throws vlae::Error naming the file.
  explicit CheckpointView(const std::string& run_or_checkpoint);

  RunKind kind() const override { return RunKind::Viewing; }
  const RunConfig& config() const override { return config_; }
  std::shared_ptr<const ModelSnapshot> snapshot() const override { return snapshot_; }
  RunStatus status() const override { return status_; }
  std::vector<MetricsRecord> metrics(size_t from, uint64_t& generation) const override;
  bool trainer_busy() const override { return false; }
  // The checkpoint file the weights came from.
  const std::string& checkpoint() const { return checkpoint_; }

 private:
  std::shared_ptr<const ModelSnapshot> snapshot_;
  RunConfig config_;
  RunStatus status_;
  std::string checkpoint_;
  std::vector<MetricsRecord> records_;
};

}  // namespace vlae
