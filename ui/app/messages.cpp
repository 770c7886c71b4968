#include "ui/app/messages.h"

namespace vlae::ui {

std::string one_line(const std::string& message, size_t max_chars) {
  std::string line = message;
  // A LibTorch error puts its backtrace after the first line; the user needs only the first.
  if (auto cut = line.find("\nException raised from"); cut != std::string::npos) line.resize(cut);
  for (char& c : line)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (line.size() > max_chars) line = line.substr(0, max_chars - 3) + "...";
  return line;
}

}  // namespace vlae::ui
