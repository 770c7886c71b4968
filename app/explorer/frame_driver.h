#pragma once
// The explorer's unattended modes, kept out of the frame loop: --frames N (draw N frames, then
// close), --screenshot FILE (the last frame as a PNG) and --bench-frames N (time N frames while
// training, or idle with --bench-idle, and print the percentiles).
#include <string>

#include "app/explorer/frame_bench.h"

namespace vlae::ui {
class ExplorerApp;
}

namespace vlae::app {

struct FrameDriverOptions {
  int frames = 0;  // 0: run until the user closes the window
  std::string screenshot;
  int bench_frames = 0;
  bool bench_idle = false;
};

class FrameDriver {
 public:
  explicit FrameDriver(FrameDriverOptions options);
  // The benchmark times frames at the interactive rate: the case of a user dragging a slider.
  bool always_busy() const { return bench_.enabled(); }
  // After the frame is rendered, before it is shown: the last frame's screenshot.
  void before_swap(int framebuffer_width, int framebuffer_height);
  // After it is shown: times it, and asks the app to close after the last frame (or when there is
  // nothing to time).
  void after_swap(ui::ExplorerApp& app, double frame_start, double now);
  int exit_code() const { return exit_code_; }

 private:
  bool last_frame() const { return (options_.frames > 0 && frame_ >= options_.frames) || bench_.done(); }

  FrameDriverOptions options_;
  FrameBench bench_;
  long frame_ = 0;
  double deadline_ = -1;  // the benchmark gives up when training has not started by then
  int exit_code_ = 0;
};

}  // namespace vlae::app
