#include "ui/widgets/latent_pad.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace vlae::ui {

namespace {
// The dot nearest to `m` within `radius` pixels, or -1.
int dot_at(const PadDots& dots, ImVec2 m, ImVec2 c, float scale, float radius) {
  int best = -1;
  float best_d2 = radius * radius;
  for (size_t i = 0; i < dots.points.size(); ++i) {
    const float dx = c.x + dots.points[i].x * scale - m.x, dy = c.y - dots.points[i].y * scale - m.y;
    const float d2 = dx * dx + dy * dy;
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = int(i);
    }
  }
  return best;
}

enum SelectGesture { None = 0, Box = 1, Lasso = 2 };

// The outline of each pad's box or lasso while it is drawn, in latent units (UI thread only).
std::vector<ImVec2>& outline_of(ImGuiID pad) {
  static std::map<ImGuiID, std::vector<ImVec2>> outlines;
  return outlines[pad];
}
}  // namespace

PadEvents latent_pad(const char* id, float size, float& x, float& y, float range, float figure_range,
                     const PadDots* dots) {
  PadEvents ev;
  const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size, a.y + size);
  ImGui::InvisibleButton(id, ImVec2(size, size));
  const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
  const float half = size / 2;
  ev.centre = c;
  ev.pixels_per_unit = half / range;
  auto to_screen = [&](float vx, float vy) { return ImVec2(c.x + vx / range * half, c.y - vy / range * half); };
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (dots && ImGui::IsItemHovered()) ev.hovered = dot_at(*dots, m, c, half / range, 4.0f);

  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID picked_key = ImGui::GetID(id), gesture_key = picked_key + 1;
  auto to_latent = [&](ImVec2 q) {
    return ImVec2(std::clamp((q.x - c.x) / half * range, -range, range),
                  std::clamp(-(q.y - c.y) / half * range, -range, range));
  };
  std::vector<ImVec2>& outline = outline_of(picked_key);
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActivated()) {
    const bool selecting = dots && io.KeyCtrl;
    storage->SetInt(gesture_key, selecting ? (io.KeyShift ? Lasso : Box) : None);
    outline.assign(selecting ? 1 : 0, to_latent(m));
  }
  const int gesture = ImGui::IsItemActive() || ImGui::IsItemDeactivated() ? storage->GetInt(gesture_key) : None;
  if (gesture != None) {
    // Selecting: the point stays; the outline follows the mouse and is reported on release.
    const ImVec2 q = to_latent(m);
    if (gesture == Box) {
      outline.resize(2);
      outline[1] = q;
    } else if (outline.empty() || std::hypot(q.x - outline.back().x, q.y - outline.back().y) * half / range > 2.0f) {
      outline.push_back(q);
    }
    if (ImGui::IsItemDeactivated()) {
      if (gesture == Box && outline.size() == 2)
        ev.selection = {outline[0], ImVec2(outline[1].x, outline[0].y), outline[1], ImVec2(outline[0].x, outline[1].y)};
      else if (gesture == Lasso)
        ev.selection = outline;
      ev.lasso = gesture == Lasso;
      outline.clear();
      storage->SetInt(gesture_key, None);
    }
  } else {
    if (ImGui::IsItemActivated()) ev.activated = true;
    // A press that picked a dot keeps the dot's exact code until the mouse really moves.
    if (ImGui::IsItemActivated()) storage->SetBool(picked_key, false);
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      ev.activated = ev.changed = (x != 0 || y != 0);
      x = y = 0;
    } else if (ImGui::IsItemActivated() && ev.hovered >= 0) {
      // A click on a dot picks that image's code; holding on drags from there.
      ev.picked = ev.hovered;
      storage->SetBool(picked_key, true);
      x = dots->points[size_t(ev.picked)].x;
      y = dots->points[size_t(ev.picked)].y;
      ev.changed = true;
    } else if (ImGui::IsItemActive() &&
               (!storage->GetBool(picked_key) || ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f))) {
      // Screen y grows downwards; the latent axis points up.
      const float nx = std::clamp((m.x - c.x) / half * range, -range, range);
      const float ny = std::clamp(-(m.y - c.y) / half * range, -range, range);
      ev.changed = nx != x || ny != y;
      x = nx;
      y = ny;
    }
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg));
  dl->PushClipRect(a, b, true);
  const int lines = int(range);
  for (int i = -lines; i <= lines; ++i) {
    const ImU32 col = i == 0 ? IM_COL32(255, 255, 255, 70) : IM_COL32(255, 255, 255, 22);
    dl->AddLine(to_screen(float(i), -range), to_screen(float(i), range), col);
    dl->AddLine(to_screen(-range, float(i)), to_screen(range, float(i)), col);
  }
  dl->AddRect(to_screen(-figure_range, figure_range), to_screen(figure_range, -figure_range),
              IM_COL32(120, 170, 255, 110));
  if (dots) {
    // Two triangles a dot: thousands of them cost well under a millisecond.
    for (size_t i = 0; i < dots->points.size(); ++i) {
      const ImVec2 p = to_screen(dots->points[i].x, dots->points[i].y);
      dl->AddRectFilled(ImVec2(p.x - 1.5f, p.y - 1.5f), ImVec2(p.x + 1.5f, p.y + 1.5f), dots->colours[i]);
    }
    for (size_t i = 0; i < dots->selected.size() && i < dots->points.size(); ++i)
      if (dots->selected[i]) {
        const ImVec2 p = to_screen(dots->points[i].x, dots->points[i].y);
        dl->AddRect(ImVec2(p.x - 2.5f, p.y - 2.5f), ImVec2(p.x + 2.5f, p.y + 2.5f), IM_COL32(255, 255, 255, 230));
      }
    if (ev.hovered >= 0) {
      const ImVec2 p = to_screen(dots->points[size_t(ev.hovered)].x, dots->points[size_t(ev.hovered)].y);
      dl->AddRect(ImVec2(p.x - 3.5f, p.y - 3.5f), ImVec2(p.x + 3.5f, p.y + 3.5f), IM_COL32(255, 255, 255, 255));
    }
  }
  if (outline.size() >= 2) {
    std::vector<ImVec2> shape;
    if (storage->GetInt(gesture_key) == Box) {
      const ImVec2 p0 = to_screen(outline[0].x, outline[0].y), p1 = to_screen(outline[1].x, outline[1].y);
      shape = {p0, ImVec2(p1.x, p0.y), p1, ImVec2(p0.x, p1.y)};
    } else {
      for (const ImVec2& q : outline) shape.push_back(to_screen(q.x, q.y));
    }
    dl->AddPolyline(shape.data(), int(shape.size()), IM_COL32(255, 255, 255, 220), ImDrawFlags_Closed, 1.5f);
  }
  const ImVec2 p = to_screen(x, y);
  const bool active = ImGui::IsItemActive() && storage->GetInt(gesture_key) == None;
  if (active) {
    dl->AddLine(ImVec2(p.x, a.y), ImVec2(p.x, b.y), IM_COL32(255, 200, 80, 80));
    dl->AddLine(ImVec2(a.x, p.y), ImVec2(b.x, p.y), IM_COL32(255, 200, 80, 80));
  }
  dl->AddCircleFilled(p, active ? 6.0f : 5.0f, IM_COL32(255, 190, 60, 255));
  dl->AddCircle(p, active ? 6.0f : 5.0f, IM_COL32(0, 0, 0, 200));
  dl->PopClipRect();
  dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
  if (ImGui::IsItemHovered() && !active && ev.hovered < 0)
    ImGui::SetTooltip(
        "(%.2f, %.2f)  drag; double-click: origin%s", x, y,
        dots && !dots->points.empty()
            ? "; click a dot: its code (Shift: every layer's); Ctrl-drag: box select, Ctrl-Shift-drag: lasso"
            : "");
  return ev;
}

}  // namespace vlae::ui
