#pragma once
// Numbered export files that never overwrite: FOLDER/STEM-0001.EXT, the first number free.
#include <string>

namespace vlae::ui {

std::string numbered_path(const std::string& folder, const std::string& stem, const std::string& ext);

}  // namespace vlae::ui
