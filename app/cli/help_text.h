#pragma once
// Help text as the generated man page and completion scripts print it.
#include <string>

namespace vlae::cli {

// Whitespace runs (newlines too) as one space, none at either end: a description on one line.
inline std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace vlae::cli
