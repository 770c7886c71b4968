#include "core/explore/hierarchy_tracker.h"

#include <chrono>
#include <thread>

#include "core/run/snapshot_info.h"

namespace vlae {

HierarchyTracker::HierarchyTracker(std::string history_path, ReportOptions options, CpuShare share)
    : path_(std::move(history_path)), options_(options), job_(share) {
  if (!path_.empty()) history_ = read_hierarchy_history(path_);
  if (!history_.empty()) last_started_ = history_.back().report.step;
}

bool HierarchyTracker::wants(int64_t step) const { return !job_.running() && worth_measuring(step, last_started_); }

bool HierarchyTracker::offer(std::shared_ptr<const ModelSnapshot> snapshot, double wall_s,
                             std::shared_ptr<const Dataset> train, std::shared_ptr<const Dataset> heldout) {
  if (!snapshot || !train || !heldout) return false;
  const int64_t step = snapshot_info(*snapshot).step;
  if (!wants(step)) return false;
  if (!job_.start(std::move(snapshot), std::move(train), std::move(heldout), options_)) return false;
  last_started_ = step;
  pending_wall_s_ = wall_s;
  return true;
}

bool HierarchyTracker::collect() {
  auto done = job_.take();
  if (!done) return false;
  error_ = done->error;
  if (!error_.empty()) return true;
  HierarchyPoint point{pending_wall_s_, std::move(done->report)};
  if (!path_.empty()) {
    try {
      append_hierarchy_point(path_, point);
    } catch (const std::exception& e) {
      error_ = e.what();  // the curve still grows; the file just misses this line
    }
  }
  history_.push_back(std::move(point));
  return true;
}

void HierarchyTracker::finish() {
  while (job_.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  collect();
}

}  // namespace vlae
