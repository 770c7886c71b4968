#include "ui/widgets/latent_pad.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

namespace vlae::ui {

PadEvents latent_pad(const char* id, float size, float& x, float& y, float range, float figure_range) {
  PadEvents ev;
  const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size, a.y + size);
  ImGui::InvisibleButton(id, ImVec2(size, size));
  const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
  const float half = size / 2;
  auto to_screen = [&](float vx, float vy) { return ImVec2(c.x + vx / range * half, c.y - vy / range * half); };

  if (ImGui::IsItemActivated()) ev.activated = true;
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    ev.activated = ev.changed = (x != 0 || y != 0);
    x = y = 0;
  } else if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    // Screen y grows downwards; the latent axis points up.
    const float nx = std::clamp((m.x - c.x) / half * range, -range, range);
    const float ny = std::clamp(-(m.y - c.y) / half * range, -range, range);
    ev.changed = nx != x || ny != y;
    x = nx;
    y = ny;
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg));
  for (int i = -int(range); i <= int(range); ++i) {
    const ImU32 col = i == 0 ? IM_COL32(255, 255, 255, 70) : IM_COL32(255, 255, 255, 22);
    dl->AddLine(to_screen(float(i), -range), to_screen(float(i), range), col);
    dl->AddLine(to_screen(-range, float(i)), to_screen(range, float(i)), col);
  }
  dl->AddRect(to_screen(-figure_range, figure_range), to_screen(figure_range, -figure_range),
              IM_COL32(120, 170, 255, 110));
  const ImVec2 p = to_screen(x, y);
  const bool active = ImGui::IsItemActive();
  if (active) {
    dl->AddLine(ImVec2(p.x, a.y), ImVec2(p.x, b.y), IM_COL32(255, 200, 80, 80));
    dl->AddLine(ImVec2(a.x, p.y), ImVec2(b.x, p.y), IM_COL32(255, 200, 80, 80));
  }
  dl->AddCircleFilled(p, active ? 6.0f : 5.0f, IM_COL32(255, 190, 60, 255));
  dl->AddCircle(p, active ? 6.0f : 5.0f, IM_COL32(0, 0, 0, 200));
  dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
  if (ImGui::IsItemHovered() && !active) ImGui::SetTooltip("(%.2f, %.2f)  drag; double-click: origin", x, y);
  return ev;
}

}  // namespace vlae::ui
