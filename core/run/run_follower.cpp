#include "core/run/run_follower.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/exception_text.h"
#include "core/run/model_snapshot.h"
#include "core/run/snapshot_info.h"
#include "core/run/run_folder.h"

namespace vlae {

namespace {
using Clock = std::chrono::steady_clock;

// Identity of a file's current content as far as a rename-into-place writer is concerned.
std::string file_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}
}  // namespace

RunFollower::RunFollower(const std::string& run_dir, double poll_seconds)
    : dir_(run_dir), config_(load_run_config(RunPaths(run_dir).config)), poll_seconds_(poll_seconds) {
  status_.run_dir = dir_;
  status_.target_step = config_.train.steps;
  // Untrained weights until the first checkpoint: the sliders work from the first frame.
  Model fresh = make_model(config_.model);
  snapshot_ = make_snapshot(config_, fresh, 0, "");
  poll_metrics();
  poll_checkpoint();
  thread_ = std::thread([this] { loop(); });
}

RunFollower::~RunFollower() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<const ModelSnapshot> RunFollower::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

std::vector<MetricsRecord> RunFollower::metrics(size_t from, uint64_t& generation) const {
  std::lock_guard<std::mutex> lock(mutex_);
  generation = generation_;
  if (from >= records_.size()) return {};
  return std::vector<MetricsRecord>(records_.begin() + std::ptrdiff_t(from), records_.end());
}

RunStatus RunFollower::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  RunStatus st = status_;
  st.step = std::max(st.logged_step, st.saved_step);
  return st;
}

void RunFollower::loop() {
  Clock::time_point last_change = Clock::now();
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::duration<double>(poll_seconds_), [this] { return quit_; });
      if (quit_) return;
    }
    const bool changed = poll_metrics() | poll_checkpoint();
    if (changed) last_change = Clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    status_.seconds_since_change = std::chrono::duration<double>(Clock::now() - last_change).count();
  }
}

bool RunFollower::poll_metrics() {
  const std::string path = RunPaths(dir_).metrics;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  const bool rewritten = uint64_t(st.st_ino) != log_inode_ || uint64_t(st.st_size) < log_offset_;
  if (!rewritten && uint64_t(st.st_size) == log_offset_) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  if (rewritten) {
    log_offset_ = 0;
    log_inode_ = uint64_t(st.st_ino);
  }
  in.seekg(std::streamoff(log_offset_));
  std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Only whole lines: the writer may be half way through appending the next one.
  const size_t end = tail.rfind('\n');
  std::vector<MetricsRecord> fresh;
  if (end != std::string::npos) {
    size_t start = 0;
    while (start <= end) {
      const size_t nl = tail.find('\n', start);
      const std::string line = tail.substr(start, nl - start);
      start = nl + 1;
      if (line.empty()) continue;
      try {
        fresh.push_back(metrics_from_json(nlohmann::json::parse(line)));
      } catch (const std::exception&) {
        // a damaged line: skipped, as read_metrics_file does
      }
    }
    log_offset_ += end + 1;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (rewritten) {
    records_.clear();
    ++generation_;
  }
  records_.insert(records_.end(), fresh.begin(), fresh.end());
  if (!records_.empty()) status_.logged_step = records_.back().step;
  return rewritten || !fresh.empty();
}

bool RunFollower::poll_checkpoint() {
  const std::string path = RunPaths(dir_).checkpoint;
  const std::string key = file_key(path);
  if (key.empty() || key == checkpoint_key_) return false;
  checkpoint_key_ = key;  // a file that fails to load is not retried until it changes again
  try {
    auto snap = snapshot_from_checkpoint(path);
    const int64_t step = snapshot_info(*snap).step;
    std::lock_guard<std::mutex> lock(mutex_);
    snapshot_ = std::move(snap);
    status_.saved_step = step;
    status_.last_saved_path = path;
    ++status_.checkpoint_loads;
    status_.message.clear();
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.message = "following " + dir_ + ": " + first_line(e);
  }
  return true;
}

}  // namespace vlae
