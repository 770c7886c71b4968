#include "ui/panels/questions_tab.h"

#include <imgui.h>

#include "ui/app/layout_dump.h"
#include "ui/panels/explorer_panel.h"

namespace vlae::ui {

void QuestionsTab::draw(UiContext& ctx, ExplorerPanel& explorer) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    directions_.reset();
    selection_.reset();
    arithmetic_.reset();
    neighbours_.reset();
  }
  // A box or lasso just drawn on a pad: show its images.
  const LatentMapView& view = explorer.map_view();
  if (view.selection_version() != seen_selection_) {
    seen_selection_ = view.selection_version();
    if (view.selection().layer >= 0 && ctx.figure_tabs) {
      ctx.figure_tabs->select_once = "Questions";
      select_once_ = "Selection";
    }
  }
  const bool open = begin_figure_tab(ctx.figure_tabs, "Questions");
  layout_dump().item("tab_questions");
  if (!open) return;
  if (!ws.has_run() || explorer.code().empty()) {
    ImGui::TextDisabled("no run open");
    ImGui::EndTabItem();
    return;
  }
  if (ImGui::BeginTabBar("questions")) {
    const auto tab = [&](const char* name, const char* dump_name) {
      ImGuiTabItemFlags flags = 0;
      if (select_once_ == name) {
        flags |= ImGuiTabItemFlags_SetSelected;
        select_once_.clear();
      }
      const bool shown = ImGui::BeginTabItem(name, nullptr, flags);
      layout_dump().item(dump_name);
      if (shown) layout_dump().state()["questions_tab"] = name;
      return shown;
    };
    if (tab("Directions", "qtab_directions")) {
      directions_.draw(ctx, explorer);
      ImGui::EndTabItem();
    }
    if (tab("Selection", "qtab_selection")) {
      if (selection_.draw(ctx, explorer)) {
        directions_.use_selections();
        select_once_ = "Directions";
      }
      ImGui::EndTabItem();
    }
    if (tab("Arithmetic", "qtab_arithmetic")) {
      arithmetic_.draw(ctx, explorer);
      ImGui::EndTabItem();
    }
    if (tab("Nearest", "qtab_nearest")) {
      neighbours_.draw(ctx, explorer);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::EndTabItem();
}

}  // namespace vlae::ui
