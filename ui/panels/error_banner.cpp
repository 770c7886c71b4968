#include "ui/panels/error_banner.h"

#include <imgui.h>
#include <imgui_internal.h>

#include "ui/app/layout_dump.h"

namespace vlae::ui {

void draw_error_banner(ErrorLog& errors, float width) {
  auto& state = layout_dump().state();
  state["errors"] = nlohmann::json::array();
  for (const auto& e : errors.entries()) state["errors"].push_back(e.message);
  if (errors.empty()) return;

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(150, 25, 25, 245));
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(255, 90, 90, 255));
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(110, 15, 15, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(190, 50, 50, 255));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoCollapse;
  if (ImGui::Begin("##errors", nullptr, flags)) {
    // Stays above the panels even after they are clicked.
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    int dismiss = -1;
    const auto& entries = errors.entries();
    for (size_t i = 0; i < entries.size(); ++i) {
      ImGui::PushID(int(i));
      if (ImGui::SmallButton("x")) dismiss = int(i);
      if (i == 0) layout_dump().item("error_dismiss");
      ImGui::SameLine();
      ImGui::PushTextWrapPos(width - 110);
      if (entries[i].repeats > 1)
        ImGui::TextWrapped("%s  (x%d)", entries[i].message.c_str(), entries[i].repeats);
      else
        ImGui::TextWrapped("%s", entries[i].message.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopID();
    }
    if (entries.size() > 1) {
      ImGui::SetCursorPos(ImVec2(width - 100, 6));
      if (ImGui::SmallButton("Dismiss all")) errors.clear();
    }
    if (dismiss >= 0) errors.dismiss(size_t(dismiss));
    layout_dump().rect("error_banner", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowSize().x,
                       ImGui::GetWindowSize().y);
  }
  ImGui::End();
  ImGui::PopStyleColor(4);
}

}  // namespace vlae::ui
