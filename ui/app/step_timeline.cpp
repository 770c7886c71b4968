#include "ui/app/step_timeline.h"

#include <algorithm>

namespace vlae::ui {
namespace {
constexpr double kRelistSeconds = 2.0;
}  // namespace

void StepTimeline::reset(const std::string& run_dir) {
  run_dir_ = run_dir;
  entries_.clear();
  listed_at_ = -1e9;
  requested_step_ = -1;
  loader_.clear();
}

void StepTimeline::poll(double now) {
  if (!run_dir_.empty() && now - listed_at_ >= kRelistSeconds) {
    entries_ = checkpoint_timeline(run_dir_);
    listed_at_ = now;
  }
  std::string error;
  loader_.poll(error);
  if (!error.empty()) {
    errors_.add("cannot show step " + std::to_string(requested_step_) + ": " + error);
    requested_step_ = -1;
  }
}

void StepTimeline::show(int64_t step) {
  if (step == requested_step_) return;
  requested_step_ = step;
  const auto found =
      std::find_if(entries_.begin(), entries_.end(), [&](const TimelineEntry& e) { return e.step == step; });
  if (step >= 0 && found == entries_.end()) {
    errors_.add("step " + std::to_string(step) + " has no kept weights in " + run_dir_);
    requested_step_ = -1;
  }
  if (requested_step_ < 0)
    loader_.clear();
  else
    loader_.load(found->path);
}

}  // namespace vlae::ui
