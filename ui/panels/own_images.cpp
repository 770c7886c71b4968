#include "ui/panels/own_images.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>

#include "core/data/registry.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"

namespace vlae::ui {

void OwnImages::add(UiContext& ctx, std::vector<std::string> paths) {
  const RunConfig* config = ctx.workspace.config();
  if (!config) {
    ctx.errors.add("open a run first: own images are encoded with a run's weights");
    return;
  }
  if (pending_.valid()) {
    queued_.push_back(std::move(paths));
    return;
  }
  const ImageShape shape{config->model.channels, config->model.height, config->model.width};
  const int crop = crop_for_data(config->data);
  pending_ = std::async(std::launch::async,
                        [paths = std::move(paths), shape, crop] { return load_image_files(paths, shape, crop); });
}

void OwnImages::poll(UiContext& ctx) {
  if (ctx.workspace.run_id() != run_id_) {
    // Another run may have another image shape: its own images start again.
    run_id_ = ctx.workspace.run_id();
    images_.reset();
    names_.clear();
    texture_count_ = 0;
  }
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    ImageFilesResult r = pending_.get();
    for (const std::string& e : r.errors) ctx.errors.add(e);
    if (r.images.size() > 0) {
      const Dataset& fresh = r.images;
      if (images_ && images_->image_bytes() != fresh.image_bytes()) images_.reset();  // a run of another shape
      std::vector<uint8_t> bytes;
      if (images_)
        for (size_t i = 0; i < images_->size(); ++i)
          bytes.insert(bytes.end(), images_->image(i), images_->image(i) + images_->image_bytes());
      for (size_t i = 0; i < fresh.size(); ++i)
        bytes.insert(bytes.end(), fresh.image(i), fresh.image(i) + fresh.image_bytes());
      auto merged = std::make_shared<Dataset>();
      merged->name = "own images";
      merged->channels = fresh.channels;
      merged->height = fresh.height;
      merged->width = fresh.width;
      merged->pixels = std::move(bytes);
      images_ = std::move(merged);
      names_.insert(names_.end(), r.names.begin(), r.names.end());
    }
    if (!queued_.empty()) {
      std::vector<std::string> next = std::move(queued_.front());
      queued_.erase(queued_.begin());
      add(ctx, std::move(next));
    }
  }
  layout_dump().state()["own_images"] = images_ ? images_->size() : 0;
}

int OwnImages::draw(UiContext& ctx, float cell, int selected) {
  int clicked = -1;
  if (images_ && texture_count_ != images_->size()) {
    std::vector<Image> tiles;
    for (size_t i = 0; i < images_->size(); ++i) tiles.push_back(dataset_image(*images_, i));
    texture_.upload(tile_images(tiles, 1, int(tiles.size()), 0, 0));
    texture_count_ = images_->size();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int count = images_ ? int(images_->size()) : 0;
  for (int i = 0; i < count; ++i) {
    if (i % 8) ImGui::SameLine(0, px(4));
    ImGui::PushID(1000 + i);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("own", ImVec2(cell, cell))) clicked = i;
    layout_dump().item("own_thumb_" + std::to_string(i));
    const float u0 = float(i) / float(count), u1 = float(i + 1) / float(count);
    dl->AddImage(texture_.imgui_id(), a, ImVec2(a.x + cell, a.y + cell), ImVec2(u0, 0), ImVec2(u1, 1));
    const bool hot = ImGui::IsItemHovered() || i == selected;
    dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), hot ? IM_COL32(255, 190, 60, 255) : IM_COL32(120, 200, 120, 255));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", names_[size_t(i)].c_str());
    ImGui::PopID();
  }
  if (count > 0 && count % 8) ImGui::SameLine(0, px(4));
  if (ImGui::Button("+", ImVec2(cell * 0.6f, cell * 0.6f))) field_open_ = !field_open_;
  layout_dump().item("own_add");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("add your own PNG/JPEG images (or drop them on the window)");
  if (pending_.valid()) {
    ImGui::SameLine();
    ImGui::TextDisabled("preparing ...");
  }
  if (field_open_) {
    ImGui::SetNextItemWidth(-60);
    const bool enter =
        ImGui::InputTextWithHint("##own_path", "image file or folder", &path_, ImGuiInputTextFlags_EnterReturnsTrue);
    layout_dump().item("own_path");
    ImGui::SameLine();
    if ((ImGui::Button("Add") || enter) && !path_.empty()) {
      add(ctx, {path_});
      path_.clear();
    }
    layout_dump().item("own_path_add");
  }
  return clicked;
}

}  // namespace vlae::ui
