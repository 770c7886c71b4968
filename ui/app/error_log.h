#pragma once
// Errors the user should see (loading, training, export, shaders): shown in the red banner until
// dismissed. Repeats of the newest message are counted instead of stacked.
#include <string>
#include <vector>

namespace vlae::ui {

class ErrorLog {
 public:
  struct Entry {
    std::string message;
    int repeats = 1;
  };

  void add(const std::string& message);
  void dismiss(size_t index);
  void clear() { entries_.clear(); }
  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace vlae::ui
