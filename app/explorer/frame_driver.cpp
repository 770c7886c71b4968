#include "app/explorer/frame_driver.h"

#include <cstdio>

#include "core/io/png_io.h"
#include "ui/app/explorer_app.h"
#include "ui/gl/screenshot.h"

namespace vlae::app {
namespace {
constexpr double kBenchStartLimitS = 300;  // a first MNIST decode and model build take far less
}

FrameDriver::FrameDriver(FrameDriverOptions options) : options_(std::move(options)), bench_(options_.bench_frames) {}

void FrameDriver::before_swap(int framebuffer_width, int framebuffer_height) {
  ++frame_;
  if (!last_frame() || options_.screenshot.empty()) return;
  try {
    write_png(options_.screenshot, ui::read_back_buffer(framebuffer_width, framebuffer_height));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vlae-explorer: error: %s\n", e.what());
    exit_code_ = 1;
  }
}

void FrameDriver::after_swap(ui::ExplorerApp& app, double frame_start, double now) {
  if (deadline_ < 0) deadline_ = frame_start + kBenchStartLimitS;
  const bool last = last_frame();
  if (bench_.enabled() && !last) {
    // Count only frames drawn while the trainer is really stepping (or, idle, once a run is open).
    const auto& st = app.workspace().status();
    if (options_.bench_idle ? app.workspace().has_run() : st.state == RunState::Running && st.step > 0) {
      bench_.record(frame_start, now);
    } else if (now > deadline_ || (!app.workspace().opening() && !app.workspace().has_run())) {
      std::fprintf(stderr, "vlae-explorer: error: nothing to time: %s\n",
                   app.workspace().has_run() ? "training did not start within 300 s" : "no run could be opened");
      exit_code_ = 1;
      app.request_close(true);
      bench_ = FrameBench(0);
    }
  }
  if (last) {
    if (bench_.enabled()) bench_.report((long long)app.workspace().status().step);
    options_.frames = 0;
    bench_ = FrameBench(0);
    app.request_close(true);
  }
}

}  // namespace vlae::app
