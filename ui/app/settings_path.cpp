#include "ui/app/settings_path.h"

#include <cstdlib>
#include <filesystem>

namespace vlae::ui {

std::string settings_dir() {
  std::string base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    base = std::string(home) + "/.config";
  else
    return "";
  const std::string dir = base + "/vlae-explorer";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? "" : dir;
}

}  // namespace vlae::ui
