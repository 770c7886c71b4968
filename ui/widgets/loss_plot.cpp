#include "ui/widgets/loss_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ui/widgets/axis_ticks.h"

namespace vlae::ui {
namespace {

constexpr float kLeft = 58, kRight = 44, kTop = 8, kBottom = 22;

struct Range {
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool valid() const { return lo <= hi; }
  void pad(double fraction) {
    if (!valid()) {
      lo = 0;
      hi = 1;
    }
    double span = hi - lo;
    if (span <= 0) span = std::max(std::abs(hi), 1e-3);
    lo -= span * fraction;
    hi += span * fraction;
  }
};

size_t nearest_index(const std::vector<double>& xs, double x) {
  auto it = std::lower_bound(xs.begin(), xs.end(), x);
  if (it == xs.end()) return xs.size() - 1;
  if (it != xs.begin() && (x - *(it - 1)) < (*it - x)) --it;
  return size_t(it - xs.begin());
}

}  // namespace

bool draw_loss_plot(const char* id, ImVec2 size, const std::vector<PlotCurve>& curves, const PlotOptions& options) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  size.x = std::max(size.x, kLeft + kRight + 40);
  size.y = std::max(size.y, kTop + kBottom + 40);
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(origin.x + kLeft, origin.y + kTop), b(origin.x + size.x - kRight, origin.y + size.y - kBottom);
  const int columns = std::max(1, int(b.x - a.x));
  const ImU32 frame = ImGui::GetColorU32(ImGuiCol_FrameBg), grid = IM_COL32(255, 255, 255, 28),
              text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddRectFilled(a, b, frame);

  // x range over all visible curves.
  Range xr;
  for (const auto& c : curves)
    if (c.visible && c.series && !c.series->empty()) {
      xr.add(c.series->x().front());
      xr.add(c.series->x().back());
    }
  if (!xr.valid()) {
    const char* msg = "no metrics yet: start training";
    const ImVec2 ts = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2((a.x + b.x - ts.x) / 2, (a.y + b.y - ts.y) / 2), dim, msg);
    return hovered;
  }
  if (xr.hi <= xr.lo) xr.hi = xr.lo + 1;

  // Decimate, then take the y ranges from the spans actually drawn.
  std::vector<std::vector<ColumnSpan>> spans(curves.size());
  Range left, right;
  right.add(0);
  right.add(1);
  for (size_t i = 0; i < curves.size(); ++i) {
    const auto& c = curves[i];
    if (!c.visible || !c.series || c.series->empty()) continue;
    spans[i] = decimate(*c.series, xr.lo, xr.hi, columns, options.log_y && !c.right_axis);
    for (const auto& s : spans[i]) {
      (c.right_axis ? right : left).add(s.lo);
      (c.right_axis ? right : left).add(s.hi);
    }
  }
  left.pad(0.05);
  right.hi *= 1.05;

  auto px = [&](double x) { return float(a.x + (x - xr.lo) / (xr.hi - xr.lo) * (b.x - a.x)); };
  auto py = [&](const Range& r, double v) { return float(b.y - (v - r.lo) / (r.hi - r.lo) * (b.y - a.y)); };

  // Axes: grid lines and labels.
  const int y_ticks = std::max(2, int((b.y - a.y) / 36));
  for (double t : options.log_y ? log_ticks(left.lo, left.hi, y_ticks) : linear_ticks(left.lo, left.hi, y_ticks)) {
    const float y = py(left, t);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
    const std::string label = options.log_y ? log_tick_label(t) : tick_label(t);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(a.x - ts.x - 6, y - ts.y / 2), text, label.c_str());
  }
  bool any_right = false;
  for (const auto& c : curves) any_right |= c.visible && c.right_axis && c.series && !c.series->empty();
  if (any_right)
    for (double t : linear_ticks(right.lo, right.hi, std::min(y_ticks, 5))) {
      const std::string label = tick_label(t);
      const float y = py(right, t);
      dl->AddText(ImVec2(b.x + 6, y - ImGui::GetTextLineHeight() / 2), dim, label.c_str());
    }
  const int x_ticks = std::max(2, int((b.x - a.x) / 90));
  for (double t : linear_ticks(xr.lo, xr.hi, x_ticks)) {
    const float x = px(t);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
    const std::string label = tick_label(t);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(std::clamp(x - ts.x / 2, a.x - 8, b.x + 8 - ts.x), b.y + 3), text, label.c_str());
  }

  // Curves: a vertical span per column where points bunch up, joined by their ends.
  dl->PushClipRect(a, b, true);
  for (size_t i = 0; i < curves.size(); ++i) {
    const auto& c = curves[i];
    if (spans[i].empty()) continue;
    const Range& r = c.right_axis ? right : left;
    const float x0 = a.x + 0.5f;
    ImVec2 prev;
    bool have_prev = false;
    for (const auto& s : spans[i]) {
      const float x = x0 + float(s.column);
      if (have_prev) dl->AddLine(prev, ImVec2(x, py(r, s.first)), c.color, 1.5f);
      if (py(r, s.lo) - py(r, s.hi) > 1.0f) dl->AddLine(ImVec2(x, py(r, s.lo)), ImVec2(x, py(r, s.hi)), c.color, 1.0f);
      prev = ImVec2(x, py(r, s.last));
      have_prev = true;
    }
    if (spans[i].size() == 1) dl->AddCircleFilled(prev, 2.5f, c.color);
  }
  dl->PopClipRect();
  dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));

  // Hover read-out: the step under the mouse and each visible curve there.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= a.x && mouse.x <= b.x) {
    const double x = xr.lo + (mouse.x - a.x) / (b.x - a.x) * (xr.hi - xr.lo);
    dl->AddLine(ImVec2(mouse.x, a.y), ImVec2(mouse.x, b.y), IM_COL32(255, 255, 255, 90));
    ImGui::BeginTooltip();
    bool header = false;
    for (const auto& c : curves) {
      if (!c.visible || !c.series || c.series->empty()) continue;
      const size_t k = nearest_index(c.series->x(), x);
      if (!header) {
        ImGui::Text("%s %.0f", options.x_label.c_str(), c.series->x()[k]);
        header = true;
      }
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.color), "%-10s %.5g", c.name.c_str(), c.series->raw()[k]);
      if (c.series->smoothing() > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("(smoothed %.5g)", c.series->smoothed()[k]);
      }
    }
    ImGui::EndTooltip();
  }
  return hovered;
}

}  // namespace vlae::ui
