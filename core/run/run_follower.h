#pragma once
// Follows a run folder that another process is writing (`vlae train`, rank 0 of a distributed
// run, a job on a cluster with a shared disk): metrics.jsonl lines as they are appended and
// checkpoint.pt each time it is replaced. Reads on a thread of its own and never writes into the
// folder. Torch-free header: the GUI holds one.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/model/config.h"
#include "core/run/run_source.h"
#include "core/train/metrics.h"

namespace vlae {

class RunFollower final : public RunSource {
 public:
  // `run_dir` must hold config.json. Weights start untrained until the first checkpoint appears.
  explicit RunFollower(const std::string& run_dir, double poll_seconds = 0.5);
  ~RunFollower() override;
  RunFollower(const RunFollower&) = delete;
  RunFollower& operator=(const RunFollower&) = delete;

  RunKind kind() const override { return RunKind::Following; }
  const RunConfig& config() const override { return config_; }
  const std::string& run_dir() const { return dir_; }
  std::shared_ptr<const ModelSnapshot> snapshot() const override;
  std::vector<MetricsRecord> metrics(size_t from, uint64_t& generation) const override;
  // step: the newer of the log's and the checkpoint's; saved_step: the weights' step (-1 before
  // the first checkpoint); message: why the newest checkpoint could not be read.
  RunStatus status() const override;
  // Another process trains the run, on this machine or another.
  bool trainer_busy() const override { return true; }

 private:
  void loop();
  bool poll_metrics();  // true when something changed
  bool poll_checkpoint();

  std::string dir_;
  RunConfig config_;
  double poll_seconds_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
  std::shared_ptr<const ModelSnapshot> snapshot_;
  std::vector<MetricsRecord> records_;
  uint64_t generation_ = 0;
  RunStatus status_;

  // Owned by the follower thread.
  uint64_t log_inode_ = 0, log_offset_ = 0;
  std::string checkpoint_key_;
  std::thread thread_;
};

}  // namespace vlae
