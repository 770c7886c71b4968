#pragma once
// --layout-dump: where the widgets that tests click and drag are on screen, plus a little state,
// written as JSON each frame it changes. Tests read it instead of guessing pixel positions.
#include <array>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace vlae::ui {

class LayoutDump {
 public:
  explicit LayoutDump(std::string path = "") : path_(std::move(path)) {}
  bool enabled() const { return !path_.empty(); }

  void begin_frame();
  // Records the last ImGui item's rectangle (window pixels) under `name`.
  void item(const std::string& name);
  void rect(const std::string& name, float x, float y, float w, float h);
  nlohmann::json& state() { return state_; }
  // Writes the file (atomically: temp + rename) when the content differs from the last write.
  void end_frame();

 private:
  std::string path_;
  std::map<std::string, std::array<int, 4>> widgets_;
  nlohmann::json state_ = nlohmann::json::object();
  std::string last_written_;
};

// The process-wide dump the panels record into (disabled unless --layout-dump was given).
LayoutDump& layout_dump();
void set_layout_dump_path(const std::string& path);

}  // namespace vlae::ui
