#include "app/explorer/window_input.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <atomic>
#include <csignal>

namespace vlae::app {
namespace {

std::string g_glfw_error = "unknown reason";
std::vector<std::string> g_dropped;
std::atomic<bool> g_quit_signal{false};
KeyTaps g_taps;
double g_last_input = 0;  // glfwGetTime() of the user's last input

void on_glfw_error(int, const char* description) {
  g_glfw_error = description ? description : "unknown reason";
  while (!g_glfw_error.empty() && g_glfw_error.back() == ' ') g_glfw_error.pop_back();
}
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
}
void on_signal(int) { g_quit_signal = true; }
void on_key(GLFWwindow*, int key, int, int action, int mods) {
  g_last_input = glfwGetTime();
  if (action != GLFW_PRESS) return;
  if (key == GLFW_KEY_SPACE) ++g_taps.space;
  if (key == GLFW_KEY_F1) ++g_taps.help;
  if (mods & GLFW_MOD_CONTROL) {
    if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) ++g_taps.zoom;
    if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) --g_taps.zoom;
    if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0) g_taps.zoom = kZoomReset;
  }
  if (key == GLFW_KEY_Z && (mods & GLFW_MOD_CONTROL)) ++((mods & GLFW_MOD_SHIFT) ? g_taps.redo : g_taps.undo);
}
void on_cursor(GLFWwindow*, double, double) { g_last_input = glfwGetTime(); }
void on_button(GLFWwindow*, int, int, int) { g_last_input = glfwGetTime(); }
void on_scroll(GLFWwindow*, double, double) { g_last_input = glfwGetTime(); }
void on_char(GLFWwindow*, unsigned) { g_last_input = glfwGetTime(); }

}  // namespace

void install_glfw_error_callback() { glfwSetErrorCallback(on_glfw_error); }
const std::string& last_glfw_error() { return g_glfw_error; }

void install_window_input(GLFWwindow* window) {
  glfwSetDropCallback(window, on_drop);
  glfwSetKeyCallback(window, on_key);
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetMouseButtonCallback(window, on_button);
  glfwSetScrollCallback(window, on_scroll);
  glfwSetCharCallback(window, on_char);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

std::vector<std::string> take_dropped_paths() {
  std::vector<std::string> paths;
  paths.swap(g_dropped);
  return paths;
}

KeyTaps take_key_taps() {
  const KeyTaps taps = g_taps;
  g_taps = KeyTaps();
  return taps;
}

bool take_quit_signal() { return g_quit_signal.exchange(false); }

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

}  // namespace vlae::app
