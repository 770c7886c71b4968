#pragma once
// The explorer's window: a GL 3.3 core context through GLFW, and Dear ImGui on it.
struct GLFWwindow;

namespace vlae::app {

// 1600x1000, or less on a smaller screen (the panels are laid out in fractions of the window), at
// the screen's top left, its context current. nullptr when no OpenGL 3.3 window can be had
// (last_glfw_error() says why). Calls glfwInit.
GLFWwindow* open_window();

// Dear ImGui on the window: its layout file in the user's config folder, a readable font whose
// atlas is sampled nearest, at `ui_scale`. ImGui's GLFW backend chains to the callbacks installed
// before.
void init_imgui(GLFWwindow* window, float ui_scale);
// Fonts rasterised at the scaled size and the style's sizes scaled; between frames only.
void apply_ui_scale(float ui_scale);
// The monitor's content scale for the window (1 where the platform does not say).
float window_content_scale(GLFWwindow* window);
void shutdown_imgui();

// Closes the window and GLFW.
void close_window(GLFWwindow* window);

}  // namespace vlae::app
