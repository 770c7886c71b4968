#pragma once
// Where the explorer keeps its window layout (imgui.ini): $XDG_CONFIG_HOME/vlae-explorer, else
// ~/.config/vlae-explorer. Created on demand; empty when neither can be made.
#include <string>

namespace vlae::ui {

std::string settings_dir();

}  // namespace vlae::ui
