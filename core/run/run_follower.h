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
#include "core/train/metrics.h"

namespace vlae {

struct ModelSnapshot;

struct FollowStatus {
  int64_t checkpoint_step = -1;  // step of the weights in snapshot(); -1 before the first checkpoint
  int64_t logged_step = -1;      // step of the newest metrics line
  uint64_t checkpoint_loads = 0;
  double seconds_since_change = 0;  // since the log or the checkpoint last changed
  std::string error;                // why the newest checkpoint could not be read, if it could not
};

class RunFollower {
 public:
  // `run_dir` must hold config.json. Weights start untrained until the first checkpoint appears.
  explicit RunFollower(const std::string& run_dir, double poll_seconds = 0.5);
  ~RunFollower();
  RunFollower(const RunFollower&) = delete;
  RunFollower& operator=(const RunFollower&) = delete;

  const RunConfig& config() const { return config_; }
  const std::string& run_dir() const { return dir_; }
  std::shared_ptr<const ModelSnapshot> snapshot() const;
  // Log records from index `from`. `generation` changes when the log was rewritten (a resume cuts
  // it back to its checkpoint); a caller that sees a new generation starts again from 0.
  std::vector<MetricsRecord> metrics(size_t from, uint64_t& generation) const;
  FollowStatus status() const;

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
  FollowStatus status_;

  // Owned by the follower thread.
  uint64_t log_inode_ = 0, log_offset_ = 0;
  std::string checkpoint_key_;
  std::thread thread_;
};

}  // namespace vlae
