#include "ui/app/step_timeline.h"

#include <algorithm>
#include <chrono>

#include "core/run/snapshot_info.h"
#include "ui/app/messages.h"

namespace vlae::ui {
namespace {
constexpr double kRelistSeconds = 2.0;
}  // namespace

StepTimeline::~StepTimeline() {
  for (Load& l : loads_)
    if (l.weights.valid()) l.weights.wait();
}

void StepTimeline::reset(const std::string& run_dir) {
  run_dir_ = run_dir;
  entries_.clear();
  listed_at_ = -1e9;
  requested_step_ = -1;
  ++next_ticket_;  // loads in flight answer a pick that no longer exists
  std::lock_guard<std::mutex> lock(mutex_);
  pinned_.reset();
}

void StepTimeline::poll(double now) {
  if (!run_dir_.empty() && now - listed_at_ >= kRelistSeconds) {
    entries_ = checkpoint_timeline(run_dir_);
    listed_at_ = now;
  }
  for (auto it = loads_.begin(); it != loads_.end();) {
    if (it->weights.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++it;
      continue;
    }
    const bool latest = it->ticket == next_ticket_;
    try {
      auto snapshot = it->weights.get();
      if (latest) {
        std::lock_guard<std::mutex> lock(mutex_);
        pinned_ = std::move(snapshot);
      }
    } catch (const std::exception& e) {
      if (latest) {
        errors_.add("cannot show step " + std::to_string(requested_step_) + ": " + one_line(e.what()));
        requested_step_ = -1;
      }
    }
    it = loads_.erase(it);
  }
}

void StepTimeline::show(int64_t step) {
  if (step == requested_step_) return;
  ++next_ticket_;
  requested_step_ = step;
  if (step < 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    pinned_.reset();
    return;
  }
  const auto found =
      std::find_if(entries_.begin(), entries_.end(), [&](const TimelineEntry& e) { return e.step == step; });
  if (found == entries_.end()) {
    errors_.add("step " + std::to_string(step) + " has no kept weights in " + run_dir_);
    requested_step_ = -1;
    return;
  }
  const std::string path = found->path;
  loads_.push_back({next_ticket_, std::async(std::launch::async, [path] { return snapshot_from_checkpoint(path); })});
}

std::shared_ptr<const ModelSnapshot> StepTimeline::pinned() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pinned_;
}

}  // namespace vlae::ui
