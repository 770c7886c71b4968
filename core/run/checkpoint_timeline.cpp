#include "core/run/checkpoint_timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/run/checkpoint_history.h"

namespace vlae {
namespace fs = std::filesystem;

std::string history_folder(const RunPaths& paths) { return (fs::path(paths.dir) / "history").string(); }

std::string history_weights_path(const RunPaths& paths, int64_t step) {
  char name[48];
  std::snprintf(name, sizeof name, "weights-%08lld.pt", static_cast<long long>(step));
  return (fs::path(history_folder(paths)) / name).string();
}

int64_t history_weights_step(const std::string& name) { return step_in_file_name(name, "weights-", ".pt"); }

bool is_history_step(const TrainConfig& train, int64_t step) {
  if (train.history_first <= 0 || step < train.history_first) return false;
  // The schedule's steps, rounded; a few dozen at most for any run length.
  for (double s = train.history_first; s <= double(step) + 0.5; s *= train.history_growth)
    if (std::llround(s) == step) return true;
  return false;
}

std::vector<TimelineEntry> checkpoint_timeline(const std::string& run_dir) {
  const RunPaths paths(run_dir);
  std::map<int64_t, TimelineEntry> by_step;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(history_folder(paths), ec)) {
    const int64_t step = history_weights_step(e.path().filename().string());
    if (step >= 0) by_step[step] = TimelineEntry{step, e.path().string(), true};
  }
  for (const auto& [step, path] : numbered_checkpoints(paths)) by_step[step] = TimelineEntry{step, path, false};
  // checkpoint.pt's step is in state.json, written after it.
  if (fs::exists(paths.checkpoint, ec)) {
    std::ifstream in(paths.state);
    const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
    if (state.is_object() && state.contains("step") && state["step"].is_number_integer()) {
      const int64_t step = state["step"].get<int64_t>();
      by_step[step] = TimelineEntry{step, paths.checkpoint, false};
    }
  }
  std::vector<TimelineEntry> out;
  for (auto& [step, entry] : by_step) out.push_back(std::move(entry));
  return out;
}

}  // namespace vlae
