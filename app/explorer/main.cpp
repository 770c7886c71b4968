// `vlae-explorer`: train and explore a VLAE interactively. A linear main in the manner of Dear
// ImGui's GLFW + OpenGL 3 example: init, loop (poll, new frame, UI, render, swap), teardown in
// reverse. Training and decoding run on their own threads; only this thread touches GL.
#include <CLI/CLI.hpp>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/common/blas_core.h"
#include "core/common/cpu_features.h"
#include "core/common/malloc_tuning.h"
#include "core/common/startup_environment.h"
#include "core/io/png_io.h"
#include "ui/app/explorer_app.h"
#include "ui/app/layout_dump.h"
#include "ui/app/settings_path.h"
#include "ui/gl/screenshot.h"

#include "app/explorer/frame_bench.h"

VLAE_STARTUP_ENVIRONMENT_AT_LOAD

namespace {

std::string g_glfw_error = "unknown reason";
std::vector<std::string> g_dropped;
std::atomic<bool> g_quit_signal{false};

void on_glfw_error(int, const char* description) {
  g_glfw_error = description ? description : "unknown reason";
  while (!g_glfw_error.empty() && g_glfw_error.back() == ' ') g_glfw_error.pop_back();
}
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
}
void on_signal(int) { g_quit_signal = true; }
// ImGui 1.86 sees keys as held states sampled once a frame, so a tap shorter than a frame is lost;
// shortcut keys are counted here as events instead (ImGui's callback chains to this one).
int g_space_taps = 0;
// When the user last did anything: frames run at 60 fps while they interact, slower otherwise.
double g_last_input = 0;
void on_key(GLFWwindow*, int key, int, int action, int) {
  g_last_input = glfwGetTime();
  if (key == GLFW_KEY_SPACE && action == GLFW_PRESS) ++g_space_taps;
}
void on_cursor(GLFWwindow*, double, double) { g_last_input = glfwGetTime(); }
void on_button(GLFWwindow*, int, int, int) { g_last_input = glfwGetTime(); }
void on_scroll(GLFWwindow*, double, double) { g_last_input = glfwGetTime(); }
void on_char(GLFWwindow*, unsigned) { g_last_input = glfwGetTime(); }

// Paced by time: Xvfb has no vsync, and an unthrottled loop would starve the trainer. Frames run
// at 60 fps while the user interacts and at 15 fps otherwise (progress still looks live, and a
// software rasteriser on a headless box leaves the cores to training). Input ends the wait early.
void wait_for_next_frame(double last_start, bool always_busy) {
  const double busy_s = 1.0 / 60.0, idle_s = 1.0 / 15.0;
  for (;;) {
    const double now = glfwGetTime();
    const bool busy = always_busy || now - g_last_input < 1.0 || ImGui::IsAnyItemActive();
    const double due = last_start + (busy ? busy_s : idle_s);
    if (now >= due) return;
    glfwWaitEventsTimeout(due - now);
  }
}

// Glyphs rasterised at their drawn size and placed on whole pixels: every texel of the font atlas
// lands on one screen pixel, so nearest sampling draws exactly what bilinear would.
const ImFontConfig& pixel_exact_glyphs() {
  static const ImFontConfig config = [] {
    ImFontConfig c;
    c.OversampleH = c.OversampleV = 1;
    c.PixelSnapH = true;
    return c;
  }();
  return config;
}

// Every ImGui fill samples the font atlas (its white texel); on software GL (llvmpipe, Xvfb, CI,
// remote desktops) bilinear sampling of it costs about a seventh of a frame. Measured with
// --bench-frames --bench-idle: frame work p50 14.0 -> 11.0-12.2 ms.
void sample_font_atlas_nearest() {
  ImGui_ImplOpenGL3_CreateDeviceObjects();  // builds the atlas texture now instead of on the first frame
  glBindTexture(GL_TEXTURE_2D, GLuint(intptr_t(ImGui::GetIO().Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

void save_screenshot(const std::string& path, int w, int h, int& exit_code) {
  try {
    vlae::write_png(path, vlae::ui::read_back_buffer(w, h));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vlae-explorer: error: %s\n", e.what());
    exit_code = 1;
  }
}

int no_window() {
  std::fprintf(stderr,
               "vlae-explorer: error: cannot open an OpenGL 3.3 window (%s); use the 'vlae' command-line tool "
               "instead\n",
               g_glfw_error.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  vlae::ui::AppOptions options;
  int frames = 0, bench_frames = 0;
  bool bench_idle = false;
  std::string screenshot, layout_dump_path;
  CLI::App cli{"vlae-explorer: train a Variational Ladder Autoencoder and explore its layers"};
  cli.add_option("run", options.run, "Run folder (resumed) or checkpoint file (view only); default: a new run");
  cli.add_option("--preset", options.preset, "Preset for a new run: mnist, svhn, celeba or a config JSON path");
  cli.add_option("--data", options.data, "Data set for a new run: a registered name or KIND:PATH");
  cli.add_option("--data-dir", options.data_dir, "Data folder (default $VLAE_DATA_DIR or ./data)");
  cli.add_flag("--train", options.train, "Start training at once");
  cli.add_option(
      "--follow", options.follow,
      "Follow a run folder another process trains (vlae train, a distributed run): live curves, newest weights");
  cli.add_option("--frames", frames, "Draw N frames, write --screenshot if given, and exit");
  cli.add_option("--screenshot", screenshot, "PNG to write after --frames or --bench-frames");
  cli.add_option("--bench-frames", bench_frames, "Train, time N frames, print frame_ms_p50 / p99, exit");
  cli.add_flag("--bench-idle", bench_idle, "With --bench-frames: time frames without training (for comparison)");
  cli.add_option("--layout-dump", layout_dump_path, "Write widget rectangles and state as JSON each frame");
  CLI11_PARSE(cli, argc, argv);
  if (*vlae::vlae_cpu_isa_setting_error() != '\0') {
    std::fprintf(stderr, "vlae-explorer: error: %s\n", vlae::vlae_cpu_isa_setting_error());
    return 2;
  }
  if (const std::string blas = vlae::blas_core_notice(); !blas.empty()) std::printf("%s\n", blas.c_str());
  if (bench_frames > 0 && !bench_idle) options.train = true;

  // Window and GL 3.3 core context.
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) return no_window();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // 1600x1000, or less on a smaller screen (the panels are laid out in fractions of the window).
  int win_w = 1600, win_h = 1000;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor())
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor); mode && (mode->width < win_w || mode->height < win_h)) {
      win_w = std::min(win_w, mode->width * 95 / 100);
      win_h = std::min(win_h, mode->height * 90 / 100);
    }
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "vlae-explorer", nullptr, nullptr);
  if (!window) {
    const int code = no_window();
    glfwTerminate();
    return code;
  }
  glfwSetWindowPos(window, 0, 0);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetDropCallback(window, on_drop);
  // Installed before ImGui's backend, which chains to them.
  glfwSetKeyCallback(window, on_key);
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetMouseButtonCallback(window, on_button);
  glfwSetScrollCallback(window, on_scroll);
  glfwSetCharCallback(window, on_char);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  // Dear ImGui, its layout file in the user's config folder, a readable font.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string settings = vlae::ui::settings_dir();
  const std::string ini_path = settings.empty() ? "" : settings + "/imgui.ini";
  io.IniFilename = ini_path.empty() ? nullptr : ini_path.c_str();
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 4;
  ImGui::GetStyle().FrameRounding = 3;
  const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::filesystem::exists(font)) io.Fonts->AddFontFromFileTTF(font, 15.0f, &pixel_exact_glyphs());
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  sample_font_atlas_nearest();
  vlae::ui::set_layout_dump_path(layout_dump_path);

  int exit_code = 0;
  {
    vlae::ui::ExplorerApp app(options);
    app.init_gl();

    FrameBench bench(bench_frames);
    const double bench_deadline = glfwGetTime() + 300;
    double last_start = -1;
    long frame = 0;
    while (!app.finished()) {
      // The benchmark times frames at the interactive rate: the case of a user dragging a slider.
      wait_for_next_frame(last_start, bench.enabled());
      glfwPollEvents();
      const double start = last_start = glfwGetTime();
      if (glfwWindowShouldClose(window) || g_quit_signal) {
        app.request_close(g_quit_signal.load());  // a signal saves without asking
        glfwSetWindowShouldClose(window, GLFW_FALSE);
        g_quit_signal = false;
      }
      for (const auto& path : g_dropped) app.open_dropped(path);
      g_dropped.clear();
      for (; g_space_taps > 0; --g_space_taps) app.toggle_pause();

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
      ++frame;
      const bool last_frame = (frames > 0 && frame >= frames) || bench.done();
      if (last_frame && !screenshot.empty()) save_screenshot(screenshot, fb_w, fb_h, exit_code);
      glfwSwapBuffers(window);

      if (bench.enabled() && !last_frame) {
        // Count only frames drawn while the trainer is really stepping (or, idle, once a run is open).
        const auto& st = app.workspace().status();
        if (bench_idle ? app.workspace().has_run() : st.state == vlae::SessionState::Running && st.step > 0)
          bench.record(start, glfwGetTime());
        else if (glfwGetTime() > bench_deadline || (!app.workspace().opening() && !app.workspace().has_run())) {
          std::fprintf(stderr, "vlae-explorer: error: nothing to time: %s\n",
                       app.workspace().has_run() ? "training did not start within 300 s" : "no run could be opened");
          exit_code = 1;
          app.request_close(true);
          bench = FrameBench(0);
        }
      }
      if (last_frame) {
        if (bench.enabled()) bench.report((long long)app.workspace().status().step);
        frames = 0;
        bench = FrameBench(0);
        app.request_close(true);
      }
    }
  }  // the app (and with it the training thread) ends before the GL context does

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
