#pragma once
// The UI scale: fonts are rasterised at 15 px times it (crisp at any scale) and every size in the
// UI multiplies by it. It follows the monitor's content scale unless the user chose one
// (--ui-scale, or Ctrl+= / Ctrl+- / Ctrl+0), which is kept in settings_dir()/settings.json.
// UI thread only.

namespace vlae::ui {

constexpr float kMinUiScale = 0.5f, kMaxUiScale = 3.0f;

// The scale the UI is drawn at now.
float ui_scale();
void set_ui_scale(float scale);  // what the window applied (gl_window.h), clamped
// A size given at 1x, at the current scale.
inline float px(float at_1x) { return at_1x * ui_scale(); }

// The scale the user chose last time, or 0 when none (follow the monitor).
float saved_ui_scale();
// Keeps the user's choice (0: follow the monitor again); atomic, failures are ignored (the
// choice then lasts only this session).
void save_ui_scale(float scale);

// The user's choice of scale over a session: given on the command line (kept), else the one kept
// last time, else none, which follows the monitor. Every change is kept for next time.
class UiScaleChoice {
 public:
  explicit UiScaleChoice(float given = 0);
  // The scale to draw at, given the monitor's content scale.
  float wanted(float monitor_scale) const { return chosen_ > 0 ? chosen_ : monitor_scale; }
  bool follows_monitor() const { return chosen_ <= 0; }
  void choose(float scale);             // kept; clamped
  void step(int steps, float current);  // Ctrl+= / Ctrl+-: 0.25 per step from the current scale
  void reset();                         // Ctrl+0: follow the monitor again

 private:
  float chosen_ = 0;
};

}  // namespace vlae::ui
