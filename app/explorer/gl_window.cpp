#include "app/explorer/gl_window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/common/share_dir.h"
#include "ui/app/settings_path.h"
#include "ui/app/ui_scale.h"

namespace vlae::app {
namespace {

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
// `first`: the renderer's other objects are built too (now instead of on the first frame).
void sample_font_atlas_nearest(bool first) {
  if (first)
    ImGui_ImplOpenGL3_CreateDeviceObjects();
  else
    ImGui_ImplOpenGL3_CreateFontsTexture();
  glBindTexture(GL_TEXTURE_2D, GLuint(intptr_t(ImGui::GetIO().Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

// DejaVu Sans: the copy installed with the program (a link to Debian's), else Debian's own; empty
// where neither is there, and ImGui's built-in font is used.
std::string ui_font_path() {
  std::error_code ec;
  const std::filesystem::path share = share_dir();
  if (!share.empty() && std::filesystem::exists(share / "fonts" / "DejaVuSans.ttf", ec))
    return (share / "fonts" / "DejaVuSans.ttf").string();
  const char* debian = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  return std::filesystem::exists(debian, ec) ? debian : "";
}

}  // namespace

GLFWwindow* open_window() {
  if (!glfwInit()) return nullptr;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  int win_w = 1600, win_h = 1000;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor())
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor); mode && (mode->width < win_w || mode->height < win_h)) {
      win_w = std::min(win_w, mode->width * 95 / 100);
      win_h = std::min(win_h, mode->height * 90 / 100);
    }
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "vlae-explorer", nullptr, nullptr);
  if (!window) {
    glfwTerminate();
    return nullptr;
  }
  glfwSetWindowPos(window, 0, 0);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  return window;
}

float window_content_scale(GLFWwindow* window) {
  float x = 1, y = 1;
  glfwGetWindowContentScale(window, &x, &y);
  return x > 0 ? x : 1.0f;
}

void apply_ui_scale(float ui_scale) {
  ui::set_ui_scale(ui_scale);
  const float s = ui::ui_scale();
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::string font = ui_font_path();
  if (!font.empty())
    io.Fonts->AddFontFromFileTTF(font.c_str(), std::round(15.0f * s), &pixel_exact_glyphs());
  else
    io.Fonts->AddFontDefault();  // ImGui's own 13 px bitmap font, scaled below
  io.FontGlobalScale = font.empty() ? s : 1.0f;
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(s);
  ImGui::GetStyle() = style;
  if (io.BackendRendererUserData) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    sample_font_atlas_nearest(false);
  }
}

void init_imgui(GLFWwindow* window, float ui_scale) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // ImGui keeps the pointer: the string lives as long as the process.
  static const std::string ini_path = [] {
    const std::string settings = ui::settings_dir();
    return settings.empty() ? std::string() : settings + "/imgui.ini";
  }();
  io.IniFilename = ini_path.empty() ? nullptr : ini_path.c_str();
  apply_ui_scale(ui_scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  sample_font_atlas_nearest(true);
}

void shutdown_imgui() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void close_window(GLFWwindow* window) {
  glfwDestroyWindow(window);
  glfwTerminate();
}

}  // namespace vlae::app
