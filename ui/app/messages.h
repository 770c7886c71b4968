#pragma once
// Error text for the banner: one line, bounded (torch errors can carry whole backtraces).
#include <string>

namespace vlae::ui {

std::string one_line(const std::string& message, size_t max_chars = 400);

}  // namespace vlae::ui
