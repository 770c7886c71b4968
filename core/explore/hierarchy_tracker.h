#pragma once
// Tracks the hierarchy while a run trains: measures the hierarchy report of a new snapshot on a
// thread of its own whenever its step is at least 10% past the last one measured, never more than
// one at a time, and keeps the history (appended to RUN/hierarchy.jsonl when given a path).
// Owned and called by one thread (the UI thread, or `vlae train`'s loop). Torch-free header.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/explore/hierarchy_history.h"
#include "core/explore/report_job.h"

namespace vlae {

struct ModelSnapshot;

class HierarchyTracker {
 public:
  // `history_path` empty: the history stays in memory. Lines already in the file start the history
  // (a resumed run's curves go on from them). Options: as `vlae report`'s defaults unless given.
  // `share`: how the measuring thread yields (the explorer: idle time only, as its trainer).
  explicit HierarchyTracker(std::string history_path = "", ReportOptions options = {}, CpuShare share = CpuShare::Nice);

  // Whether a snapshot at `step` would be measured now (none running, 10% past the last).
  bool wants(int64_t step) const;
  // Starts measuring the snapshot when wants() its step; `wall_s` is the run's training time then.
  bool offer(std::shared_ptr<const ModelSnapshot> snapshot, double wall_s, std::shared_ptr<const Dataset> train,
             std::shared_ptr<const Dataset> heldout);
  // Takes a finished measurement into the history (and the file); true when one came.
  bool collect();
  // Waits for a running measurement, then collects it.
  void finish();

  const std::vector<HierarchyPoint>& history() const { return history_; }
  bool running() const { return job_.running(); }
  const std::string& error() const { return error_; }  // the last measurement's failure, if it failed
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  ReportOptions options_;
  std::vector<HierarchyPoint> history_;
  int64_t last_started_ = -1;
  double pending_wall_s_ = 0;
  std::string error_;
  ReportJob job_;
};

}  // namespace vlae
