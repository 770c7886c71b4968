#include "core/run/run_folder.h"

#include <filesystem>

#include "core/run/checkpoint_history.h"

namespace vlae {
namespace fs = std::filesystem;

namespace {
constexpr const char* kConfig = "config.json";
constexpr const char* kCheckpoint = "checkpoint.pt";
constexpr const char* kState = "state.json";
constexpr const char* kMetrics = "metrics.jsonl";
constexpr const char* kHierarchy = "hierarchy.jsonl";
constexpr const char* kExplorer = "explorer.json";
}  // namespace

RunPaths::RunPaths(const std::string& run_dir)
    : dir(run_dir),
      config((fs::path(run_dir) / kConfig).string()),
      checkpoint((fs::path(run_dir) / kCheckpoint).string()),
      state((fs::path(run_dir) / kState).string()),
      metrics((fs::path(run_dir) / kMetrics).string()),
      hierarchy((fs::path(run_dir) / kHierarchy).string()),
      explorer((fs::path(run_dir) / kExplorer).string()) {}

bool is_run_folder(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_directory(dir, ec) && fs::exists(fs::path(dir) / kConfig, ec);
}

bool is_run_file(const std::string& name) {
  return name == kConfig || name == kCheckpoint || name == kState || name == kMetrics || name == kHierarchy ||
         name == kExplorer || numbered_checkpoint_step(name) >= 0 || name.find(".tmp") != std::string::npos;
}

}  // namespace vlae
