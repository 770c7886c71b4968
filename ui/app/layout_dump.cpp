#include "ui/app/layout_dump.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include <imgui.h>
#include <imgui_internal.h>  // ImGuiWindow::Hidden

namespace vlae::ui {

void LayoutDump::begin_frame() {
  widgets_.clear();
  state_ = nlohmann::json::object();
}

void LayoutDump::item(const std::string& name) {
  if (!enabled()) return;
  // A window in its first, measuring frame (auto-resize popups) is laid out but not shown and
  // moves next frame; reporting it would send a test's click to where the button is not.
  if (ImGui::GetCurrentWindowRead()->Hidden) return;
  ImVec2 min = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  rect(name, min.x, min.y, size.x, size.y);
}

void LayoutDump::rect(const std::string& name, float x, float y, float w, float h) {
  if (!enabled()) return;
  widgets_[name] = {int(std::lround(x)), int(std::lround(y)), int(std::lround(w)), int(std::lround(h))};
}

void LayoutDump::end_frame() {
  if (!enabled()) return;
  // Valid JSON laid out one entry per line, so a shell test can grep a widget or a state key.
  std::string text = "{\n\"widgets\": {";
  const char* sep = "\n";
  for (const auto& [name, r] : widgets_) {
    text += sep + nlohmann::json(name).dump() + ": [" + std::to_string(r[0]) + ", " + std::to_string(r[1]) + ", " +
            std::to_string(r[2]) + ", " + std::to_string(r[3]) + "]";
    sep = ",\n";
  }
  text += "\n},\n\"state\": {";
  sep = "\n";
  for (const auto& [key, value] : state_.items()) {
    text += sep + nlohmann::json(key).dump() + ": " + value.dump();
    sep = ",\n";
  }
  text += "\n}\n}";
  if (text == last_written_) return;
  // A reader polling the file must never see half of it: write a temp file, then rename.
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out << text << '\n';
  }
  if (std::rename(tmp.c_str(), path_.c_str()) == 0) last_written_ = std::move(text);
}

LayoutDump& layout_dump() {
  static LayoutDump dump;
  return dump;
}

void set_layout_dump_path(const std::string& path) { layout_dump() = LayoutDump(path); }

}  // namespace vlae::ui
