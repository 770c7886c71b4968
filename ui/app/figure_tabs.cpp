#include "ui/app/figure_tabs.h"

#include <imgui.h>

namespace vlae::ui {

bool begin_figure_tab(FigureTabs* tabs, const char* name) {
  ImGuiTabItemFlags flags = 0;
  if (tabs && tabs->select_once == name) {
    flags |= ImGuiTabItemFlags_SetSelected;
    tabs->select_once.clear();
  }
  const bool open = ImGui::BeginTabItem(name, nullptr, flags);
  if (open && tabs) tabs->open = name;
  return open;
}

}  // namespace vlae::ui
