// `vlae-explorer`: train and explore a VLAE interactively. A linear main in the manner of Dear
// ImGui's GLFW + OpenGL 3 example: init, loop (poll, new frame, UI, render, swap), teardown in
// reverse. Training and decoding run on their own threads; only this thread touches GL.
#include <CLI/CLI.hpp>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstdio>
#include <string>

#include "app/cli/option_ranges.h"
#include "app/explorer/frame_driver.h"
#include "app/explorer/gl_window.h"
#include "app/explorer/window_input.h"
#include "core/common/blas_core.h"
#include "core/common/cpu_features.h"
#include "core/common/malloc_tuning.h"
#include "core/common/startup_environment.h"
#include "ui/app/explorer_app.h"
#include "ui/app/layout_dump.h"
#include "ui/app/ui_scale.h"

VLAE_STARTUP_ENVIRONMENT_AT_LOAD

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  vlae::ui::AppOptions options;
  vlae::app::FrameDriverOptions unattended;
  std::string layout_dump_path;
  CLI::App cli{"vlae-explorer: train a Variational Ladder Autoencoder and explore its layers"};
  cli.set_version_flag("--version", std::string("vlae-explorer ") + VLAE_VERSION);
  cli.add_option("run", options.run, "Run folder (resumed) or checkpoint file (view only); default: a new run");
  cli.add_option("--preset", options.preset, "Preset for a new run: mnist, svhn, celeba or a config JSON path");
  cli.add_option("--data", options.data, "Data set for a new run: a registered name or KIND:PATH");
  cli.add_option("--data-dir", options.data_dir, "Data folder (default $VLAE_DATA_DIR or ./data)");
  cli.add_flag("--train", options.train, "Start training at once");
  cli.add_option(
      "--follow", options.follow,
      "Follow a run folder another process trains (vlae train, a distributed run): live curves, newest weights");
  cli.add_option("--frames", unattended.frames, "Draw N frames, write --screenshot if given, and exit");
  cli.add_option("--screenshot", unattended.screenshot, "PNG to write after --frames or --bench-frames");
  cli.add_option("--bench-frames", unattended.bench_frames, "Train, time N frames, print frame_ms_p50 / p99, exit");
  cli.add_flag("--bench-idle", unattended.bench_idle,
               "With --bench-frames: time frames without training (for comparison)");
  cli.add_option("--ui-scale", options.ui_scale, "UI scale, 0.5 to 3 (kept for next time; default: the monitor's)")
      ->check(vlae::cli::real_in(vlae::ui::kMinUiScale, vlae::ui::kMaxUiScale));
  cli.add_option("--layout-dump", layout_dump_path, "Write widget rectangles and state as JSON each frame");
  CLI11_PARSE(cli, argc, argv);
  if (*vlae::vlae_cpu_isa_setting_error() != '\0') {
    std::fprintf(stderr, "vlae-explorer: error: %s\n", vlae::vlae_cpu_isa_setting_error());
    return 2;
  }
  if (const std::string blas = vlae::blas_core_notice(); !blas.empty()) std::printf("%s\n", blas.c_str());
  if (unattended.bench_frames > 0 && !unattended.bench_idle) options.train = true;

  vlae::app::install_glfw_error_callback();
  GLFWwindow* window = vlae::app::open_window();
  if (!window) {
    std::fprintf(stderr,
                 "vlae-explorer: error: cannot open an OpenGL 3.3 window (%s); use the 'vlae' command-line tool "
                 "instead\n",
                 vlae::app::last_glfw_error().c_str());
    return 1;
  }
  vlae::app::install_window_input(window);  // before ImGui's backend, which chains to these callbacks
  vlae::ui::set_layout_dump_path(layout_dump_path);

  vlae::app::FrameDriver driver(unattended);
  {
    vlae::ui::ExplorerApp app(options);
    // The app holds the user's scale choice; ImGui starts at it.
    vlae::app::init_imgui(window, app.ui_scale_choice().wanted(vlae::app::window_content_scale(window)));
    app.init_gl();
    double last_start = -1;
    while (!app.finished()) {
      vlae::app::wait_for_next_frame(last_start, driver.always_busy());
      glfwPollEvents();
      const double start = last_start = glfwGetTime();
      const bool signalled = vlae::app::take_quit_signal();
      if (glfwWindowShouldClose(window) || signalled) {
        app.request_close(signalled);  // a signal saves without asking
        glfwSetWindowShouldClose(window, GLFW_FALSE);
      }
      for (const auto& path : vlae::app::take_dropped_paths()) app.open_dropped(path);
      const vlae::app::KeyTaps taps = vlae::app::take_key_taps();
      for (int k = 0; k < taps.space; ++k) app.toggle_pause();
      for (int k = 0; k < taps.undo; ++k) app.undo(false);
      for (int k = 0; k < taps.redo; ++k) app.undo(true);
      for (int k = 0; k < taps.help; ++k) app.toggle_keys_overlay();
      if (taps.zoom == vlae::app::kZoomReset)
        app.ui_scale_choice().reset();
      else
        app.ui_scale_choice().step(taps.zoom, vlae::ui::ui_scale());
      // Between frames: the font atlas is rebuilt at the new size.
      if (const float want = app.ui_scale_choice().wanted(vlae::app::window_content_scale(window));
          want != vlae::ui::ui_scale())
        vlae::app::apply_ui_scale(want);

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      app.frame(start);
      ImGui::Render();
      int fb_w, fb_h;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      glClearColor(0.09f, 0.09f, 0.10f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      driver.before_swap(fb_w, fb_h);
      glfwSwapBuffers(window);
      driver.after_swap(app, start, glfwGetTime());
    }
  }  // the app (and with it the training thread) ends before the GL context does

  vlae::app::shutdown_imgui();
  vlae::app::close_window(window);
  return driver.exit_code();
}
