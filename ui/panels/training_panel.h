#pragma once
// Training: Start / Pause-Resume (Space) / Step / Stop, live learning rate and KL weight,
// progress (step, epoch, images/s, elapsed, ETA), autosave, and a failed run's message.
#include <optional>

#include "ui/app/ui_context.h"

namespace vlae::ui {

class TrainingPanel {
 public:
  // `pending` is the edited settings Start must apply first (a new run), if any.
  void draw(UiContext& ctx, const std::optional<RunConfig>& pending);
  // Space: pause / resume unless a text field has the keyboard (main counts the key taps).
  void toggle_pause(UiContext& ctx);

 private:
  double lr_ = 2e-4, kl_weight_ = 1;
  double autosave_minutes_ = 5;
  int64_t target_ = 0;
  uint64_t run_id_ = 0;
};

std::string format_duration(double seconds);  // 42s, 3m 05s, 1h 02m

}  // namespace vlae::ui
