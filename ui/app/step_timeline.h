#pragma once
// The checkpoint timeline of the open run: every kept set of weights (checkpoint_timeline.h), and
// the one the explorer decodes with when the user picks an older step instead of the newest.
// Picked weights load on a worker thread; when several picks are in flight the latest wins.
// UI thread only, except pinned(), which the decoder's thread reads (weights_loader.h).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/run/checkpoint_timeline.h"
#include "ui/app/error_log.h"
#include "ui/app/weights_loader.h"

namespace vlae::ui {

class StepTimeline {
 public:
  explicit StepTimeline(ErrorLog& errors) : errors_(errors) {}

  // A different run (or none: empty dir) is open: forget the entries and the pick.
  void reset(const std::string& run_dir);
  // Once per frame: re-lists the folder now and then (training adds entries) and adopts a load.
  void poll(double now);

  const std::vector<TimelineEntry>& entries() const { return entries_; }
  // Decode with the weights of `step` (one of entries()); -1: follow the newest weights again.
  void show(int64_t step);
  int64_t requested_step() const { return requested_step_; }  // -1: the newest
  bool loading() const { return loader_.loading(); }
  // The picked weights once loaded (null while following the newest). Any thread.
  std::shared_ptr<const ModelSnapshot> pinned() const { return loader_.weights(); }

 private:
  ErrorLog& errors_;
  std::string run_dir_;
  std::vector<TimelineEntry> entries_;
  double listed_at_ = -1e9;
  int64_t requested_step_ = -1;
  WeightsLoader loader_;
};

}  // namespace vlae::ui
