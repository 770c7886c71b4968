#pragma once
// What the explorer shows of a run, kept in RUN/explorer.json: panels put their part into one
// JSON object (codes, locks, interpolation picks) and take it back when the run opens again.
// Written atomically on a worker thread, at most once a second, and once more when the run closes.
// Only runs trained in this window keep one: a followed run's folder belongs to its trainer.
#include <future>
#include <string>

#include <nlohmann/json.hpp>

namespace vlae::ui {

class ViewStateFile {
 public:
  ~ViewStateFile();
  // The file of the run now open ("" for none); the old one is written first if it changed.
  // Returns the new file's content, or an empty object (missing or unreadable: `error` says which).
  nlohmann::json open(const std::string& path, std::string& error);
  // The state now; written when it differs from the last write and a second has passed.
  void offer(const nlohmann::json& state, double now);
  void flush();  // writes a pending change now (closing)

 private:
  void write_async(const std::string& text);
  std::string path_, written_, pending_;
  double last_write_ = -1e9;
  std::future<void> writing_;
};

}  // namespace vlae::ui
