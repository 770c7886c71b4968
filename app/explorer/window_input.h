#pragma once
// What reaches the explorer from outside a frame: GLFW's input callbacks (dropped files, Space
// taps, when the user last did anything), SIGINT / SIGTERM, and GLFW's error text; and the frame
// pacing that input steers. One window per process.
#include <string>
#include <vector>

struct GLFWwindow;

namespace vlae::app {

// GLFW's error callback; installed before glfwInit so a failed start can say why.
void install_glfw_error_callback();
const std::string& last_glfw_error();

// The window's callbacks (before ImGui's backend, which chains to them) and the signal handlers.
void install_window_input(GLFWwindow* window);

// Paths dropped on the window since the last call.
std::vector<std::string> take_dropped_paths();
// Presses since the last call: ImGui 1.86 samples keys once a frame, so a tap shorter than a
// frame would be lost; they are counted as events instead.
struct KeyTaps {
  int space = 0;  // pause / resume
  int undo = 0;   // Ctrl+Z
  int redo = 0;   // Ctrl+Shift+Z
  int help = 0;   // F1
  int zoom = 0;   // Ctrl+= bigger (+1 each), Ctrl+- smaller (-1 each); Ctrl+0 resets (kZoomReset)
};
constexpr int kZoomReset = 1000;
KeyTaps take_key_taps();
// SIGINT or SIGTERM arrived since the last call.
bool take_quit_signal();

// Paced by time: Xvfb has no vsync, and an unthrottled loop would starve the trainer. Frames run
// at 60 fps while the user interacts (or `always_busy`) and at 15 fps otherwise (progress still
// looks live, and a software rasteriser leaves the cores to training). Input ends the wait early.
void wait_for_next_frame(double last_start, bool always_busy);

}  // namespace vlae::app
