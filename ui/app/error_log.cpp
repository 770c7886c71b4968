#include "ui/app/error_log.h"

#include <cstdio>

namespace vlae::ui {

void ErrorLog::add(const std::string& message) {
  if (!entries_.empty() && entries_.back().message == message) {
    ++entries_.back().repeats;
    return;
  }
  entries_.push_back({message, 1});
  if (entries_.size() > 8) entries_.erase(entries_.begin());  // the banner stays a banner
  std::fprintf(stderr, "vlae-explorer: error: %s\n", message.c_str());
}

void ErrorLog::dismiss(size_t index) {
  if (index < entries_.size()) entries_.erase(entries_.begin() + long(index));
}

}  // namespace vlae::ui
