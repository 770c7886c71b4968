#include "ui/widgets/image_strip.h"

#include <algorithm>

#include <imgui.h>

#include "ui/app/layout_dump.h"
#include "ui/app/ui_scale.h"

namespace vlae::ui {

void ImageStrip::set(const Dataset& data, const std::vector<size_t>& rows, std::vector<std::string> captions,
                     size_t max) {
  std::vector<Image> tiles;
  for (size_t i = 0; i < rows.size() && i < max; ++i)
    if (rows[i] < data.size()) tiles.push_back(dataset_image(data, rows[i]));
  count_ = int(tiles.size());
  captions_ = std::move(captions);
  if (tiles.empty()) return;
  tile_w_ = tiles.front().width;
  tile_h_ = tiles.front().height;
  // One row, no padding: thumbnail i is the texture's i-th slice.
  texture_.upload(tile_images(tiles, 1, count_, 0, 0));
}

void ImageStrip::clear() { count_ = 0; }

int ImageStrip::draw(const char* name, float cell) {
  int clicked = -1;
  if (count_ == 0) return clicked;
  const float h = cell * float(tile_h_) / float(std::max(1, tile_w_));
  const float caption_h = captions_.empty() ? 0.0f : ImGui::GetTextLineHeight();
  const float step = cell + px(4);
  const int per_row = std::max(1, int((ImGui::GetContentRegionAvail().x + px(4)) / step));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::PushID(name);
  ImGui::BeginGroup();
  for (int i = 0; i < count_; ++i) {
    if (i % per_row) ImGui::SameLine(0, px(4));
    ImGui::PushID(i);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("thumb", ImVec2(cell, h + caption_h))) clicked = i;
    const float u0 = float(i) / float(count_), u1 = float(i + 1) / float(count_);
    dl->AddImage(texture_.imgui_id(), a, ImVec2(a.x + cell, a.y + h), ImVec2(u0, 0), ImVec2(u1, 1));
    dl->AddRect(a, ImVec2(a.x + cell, a.y + h),
                ImGui::IsItemHovered() ? IM_COL32(255, 190, 60, 255) : ImGui::GetColorU32(ImGuiCol_Border));
    if (size_t(i) < captions_.size()) {
      const std::string& text = captions_[size_t(i)];
      const float w = ImGui::CalcTextSize(text.c_str()).x;
      dl->AddText(ImVec2(a.x + std::max(0.0f, (cell - w) / 2), a.y + h), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  text.c_str());
    }
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::Image(texture_.imgui_id(), ImVec2(px(96), px(96) * float(tile_h_) / float(std::max(1, tile_w_))),
                   ImVec2(u0, 0), ImVec2(u1, 1));
      if (size_t(i) < captions_.size()) ImGui::TextUnformatted(captions_[size_t(i)].c_str());
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::EndGroup();
  layout_dump().item(name);
  ImGui::PopID();
  return clicked;
}

}  // namespace vlae::ui
