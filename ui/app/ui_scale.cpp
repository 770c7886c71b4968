#include "ui/app/ui_scale.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "ui/app/settings_path.h"

namespace vlae::ui {
namespace {
float g_scale = 1.0f;

std::string settings_file() {
  const std::string dir = settings_dir();
  return dir.empty() ? std::string() : dir + "/settings.json";
}
}  // namespace

float ui_scale() { return g_scale; }

void set_ui_scale(float scale) { g_scale = std::clamp(scale, kMinUiScale, kMaxUiScale); }

float saved_ui_scale() {
  const std::string path = settings_file();
  if (path.empty()) return 0;
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("ui_scale") || !j["ui_scale"].is_number()) return 0;
  const float s = j["ui_scale"].get<float>();
  return s >= kMinUiScale && s <= kMaxUiScale ? s : 0;
}

void save_ui_scale(float scale) {
  const std::string path = settings_file();
  if (path.empty()) return;
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) j = nlohmann::json::object();
  j["ui_scale"] = scale;
  try {
    write_file_atomic(path, j.dump(2) + "\n");
  } catch (const std::exception&) {
    // A read-only config folder: the scale holds for this session only.
  }
}

UiScaleChoice::UiScaleChoice(float given) {
  if (given > 0)
    choose(given);
  else
    chosen_ = saved_ui_scale();
}

void UiScaleChoice::choose(float scale) {
  chosen_ = std::clamp(scale, kMinUiScale, kMaxUiScale);
  save_ui_scale(chosen_);
}

void UiScaleChoice::step(int steps, float current) {
  if (steps != 0) choose(std::round((current + 0.25f * float(steps)) * 4) / 4);
}

void UiScaleChoice::reset() {
  chosen_ = 0;
  save_ui_scale(0);
}

}  // namespace vlae::ui
