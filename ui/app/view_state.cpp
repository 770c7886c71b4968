#include "ui/app/view_state.h"

#include <filesystem>

#include "core/io/atomic_file.h"

namespace vlae::ui {

ViewStateFile::~ViewStateFile() { flush(); }

nlohmann::json ViewStateFile::open(const std::string& path, std::string& error) {
  flush();
  path_ = path;
  written_.clear();
  pending_.clear();
  error.clear();
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return nlohmann::json::object();
  try {
    written_ = read_file(path);
    nlohmann::json j = nlohmann::json::parse(written_);
    if (j.is_object()) return j;
    error = path + ": not a JSON object; the explorer starts from its defaults";
  } catch (const std::exception&) {
    error = path + ": not valid JSON; the explorer starts from its defaults";
  }
  return nlohmann::json::object();
}

void ViewStateFile::offer(const nlohmann::json& state, double now) {
  if (path_.empty()) return;
  pending_ = state.dump(1) + "\n";
  if (pending_ == written_ || now - last_write_ < 1.0) return;
  if (writing_.valid() && writing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  last_write_ = now;
  write_async(pending_);
}

void ViewStateFile::write_async(const std::string& text) {
  if (writing_.valid()) writing_.get();
  written_ = text;
  // fsync can take tens of milliseconds: never on the UI thread's frame.
  writing_ = std::async(std::launch::async, [path = path_, text] {
    try {
      write_file_atomic(path, text);
    } catch (const std::exception&) {
      // A read-only folder: the state is simply not kept.
    }
  });
}

void ViewStateFile::flush() {
  if (!path_.empty() && !pending_.empty() && pending_ != written_) write_async(pending_);
  if (writing_.valid()) writing_.get();
}

}  // namespace vlae::ui
