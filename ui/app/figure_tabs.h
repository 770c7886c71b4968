#pragma once
// The Figures window's tabs: which one is open (kept in RUN/explorer.json) and, once, the one a
// restored state names.
#include <string>

namespace vlae::ui {

struct FigureTabs {
  std::string open;         // the tab drawn open this frame
  std::string select_once;  // selected at its next draw, then cleared
};

// ImGui::BeginTabItem for a figure tab, noting it when open and selecting it when asked to.
bool begin_figure_tab(FigureTabs* tabs, const char* name);

}  // namespace vlae::ui
