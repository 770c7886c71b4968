#include "core/run/checkpoint_history.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/common/error.h"

namespace vlae {
namespace fs = std::filesystem;

int64_t step_in_file_name(const std::string& name, const std::string& head, const std::string& tail) {
  if (name.size() <= head.size() + tail.size() || name.compare(0, head.size(), head) != 0 ||
      name.compare(name.size() - tail.size(), tail.size(), tail) != 0)
    return -1;
  const std::string digits = name.substr(head.size(), name.size() - head.size() - tail.size());
  if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

int64_t numbered_checkpoint_step(const std::string& name) { return step_in_file_name(name, "checkpoint-", ".pt"); }

std::string numbered_checkpoint_path(const RunPaths& paths, int64_t step) {
  char name[48];
  std::snprintf(name, sizeof name, "checkpoint-%08lld.pt", static_cast<long long>(step));
  return (fs::path(paths.dir) / name).string();
}

std::vector<std::pair<int64_t, std::string>> numbered_checkpoints(const RunPaths& paths) {
  std::vector<std::pair<int64_t, std::string>> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(paths.dir, ec)) {
    const int64_t step = numbered_checkpoint_step(e.path().filename().string());
    if (step >= 0) out.emplace_back(step, e.path().string());
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  return out;
}

void keep_current_checkpoint(const RunPaths& paths, int64_t step) {
  const std::string target = numbered_checkpoint_path(paths, step);
  if (::link(paths.checkpoint.c_str(), target.c_str()) != 0 && errno != EEXIST)
    throw Error(target + ": cannot keep the previous checkpoint (" + std::strerror(errno) + ")");
}

void prune_checkpoints(const RunPaths& paths, int keep) {
  const auto all = numbered_checkpoints(paths);
  // Only called after checkpoint.pt was written, so the newest good checkpoint is never deleted.
  for (size_t i = size_t(std::max(0, keep - 1)); i < all.size(); ++i) {
    std::error_code ec;
    fs::remove(all[i].second, ec);
  }
}

void remove_stale_temp_files(const RunPaths& paths) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(paths.dir, ec)) {
    const std::string name = e.path().filename().string();
    for (const char* base : {"checkpoint.pt.tmp", "state.json.tmp", "metrics.jsonl.tmp", "config.json.tmp"})
      if (name.compare(0, std::strlen(base), base) == 0) fs::remove(e.path(), ec);
  }
}

}  // namespace vlae
