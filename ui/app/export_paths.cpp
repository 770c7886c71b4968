#include "ui/app/export_paths.h"

#include <cstdio>
#include <filesystem>

namespace vlae::ui {

std::string numbered_path(const std::string& folder, const std::string& stem, const std::string& ext) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  for (int i = 1;; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "-%04d.", i);
    const std::string path = folder + "/" + stem + name + ext;
    if (!std::filesystem::exists(path, ec)) return path;
  }
}

}  // namespace vlae::ui
