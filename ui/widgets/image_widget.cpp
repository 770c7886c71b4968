#include "ui/widgets/image_widget.h"

#include <algorithm>

namespace vlae::ui {

int fit_zoom(int w, int h, ImVec2 avail, int max_zoom) {
  if (w <= 0 || h <= 0) return 1;
  const int zx = int(avail.x) / w, zy = int(avail.y) / h;
  return std::clamp(std::min(zx, zy), 1, max_zoom);
}

DisplayParams display_for_range(const std::string& pixel_range) {
  DisplayParams p;
  if (pixel_range == "signed") p.data_lo = p.window_lo = -1;
  return p;
}

void image_widget(const char* id, ImageView& view, const ImageProgram* program, ImVec2 size,
                  const DisplayParams& params, const std::string& overlay) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::PushID(id);
  if (void* tex = view.texture_for(program, int(size.x), int(size.y), params)) {
    ImGui::Image(tex, size);
  } else {
    ImGui::Dummy(size);
    ImGui::GetWindowDrawList()->AddRectFilled(a, ImVec2(a.x + size.x, a.y + size.y),
                                              ImGui::GetColorU32(ImGuiCol_FrameBg));
  }
  ImGui::PopID();
  if (!overlay.empty()) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float wrap = size.x - 12;
    const ImVec2 ts = ImGui::CalcTextSize(overlay.c_str(), nullptr, false, wrap);
    dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + size.x, a.y + ts.y + 12), IM_COL32(0, 0, 0, 190));
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(a.x + 6, a.y + 6), IM_COL32(255, 120, 120, 255),
                overlay.c_str(), nullptr, wrap);
  }
}

}  // namespace vlae::ui
