#include "ui/panels/neighbours_tool.h"

#include <imgui.h>

#include <cstdio>
#include <memory>

#include "core/explore/code_statistics.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/app/ui_scale.h"
#include "ui/panels/explorer_panel.h"

namespace vlae::ui {
namespace {
constexpr size_t kPixelSearchImages = 60000;  // MNIST's whole training split; larger sets are sampled evenly
constexpr size_t kCodeSearchImages = 5000;    // training images encoded for the code-space search
constexpr double kReencodeSeconds = 10.0;     // while training publishes weights, re-encode at most this often

std::string distance_caption(double d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", d);
  return buf;
}

nlohmann::json indices_of(const std::vector<std::pair<size_t, double>>& found) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [i, d] : found) j.push_back(i);
  return j;
}

nlohmann::json distances_of(const std::vector<std::pair<size_t, double>>& found) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [i, d] : found) j.push_back(d);
  return j;
}
}  // namespace

void NeighboursTool::reset() {
  requested_digest_ = 0;
  pixels_.reset();
  pixel_strip_.clear();
  train_codes_.reset();
  requested_snapshot_ = 0;
  requested_at_ = -1e9;
  searched_code_.clear();
  code_strips_.clear();
  code_found_.clear();
}

void NeighboursTool::update_pixels(UiContext& ctx, ExplorerPanel& explorer) {
  auto train = ctx.workspace.train();
  const Image* image = explorer.image();
  if (!train || !image) return;
  const uint64_t digest = pixels_digest(image->pixels);
  if (digest != requested_digest_ || k_ != requested_k_) {
    pixel_job_.request(train, *image, size_t(k_), kPixelSearchImages);
    requested_digest_ = digest;
    requested_k_ = k_;
  }
  if (auto found = pixel_job_.take()) {
    if (!found->error.empty()) ctx.errors.add("nearest images: " + one_line(found->error));
    std::vector<size_t> rows;
    std::vector<std::string> captions;
    for (const auto& [i, d] : found->found) {
      rows.push_back(i);
      captions.push_back(distance_caption(d));
    }
    pixel_strip_.set(*train, rows, captions);
    pixels_ = std::move(found);
  }
}

void NeighboursTool::update_codes(UiContext& ctx, ExplorerPanel& explorer) {
  Workspace& ws = ctx.workspace;
  auto train = ws.train();
  if (!train) return;
  if (ws.snapshot_id() != requested_snapshot_ && (!train_codes_ || ctx.now - requested_at_ > kReencodeSeconds)) {
    if (auto snap = ws.current_snapshot()) {
      train_job_.request(std::move(snap), train, kCodeSearchImages);
      requested_snapshot_ = ws.snapshot_id();
      requested_at_ = ctx.now;
    }
  }
  bool fresh = false;
  if (auto m = train_job_.take()) {
    if (!m->error.empty()) {
      ctx.errors.add("nearest codes: " + one_line(m->error));
    } else {
      train_codes_ = std::move(m);
      fresh = true;
    }
  }
  const LatentCode& code = explorer.code();
  if (!train_codes_ || train_codes_->means.empty() || (!fresh && code == searched_code_)) return;
  searched_code_ = code;
  while (code_strips_.size() < code.size()) code_strips_.push_back(std::make_unique<ImageStrip>());
  code_found_.assign(code.size(), {});
  for (size_t l = 0; l < code.size(); ++l) {
    code_found_[l] = nearest_codes(train_codes_->means, code[l], int(l), size_t(k_));
    std::vector<size_t> rows;
    std::vector<std::string> captions;
    for (const auto& [i, d] : code_found_[l]) {
      rows.push_back(size_t(train_codes_->indices[i]));
      captions.push_back(distance_caption(d));
    }
    code_strips_[l]->set(*train, rows, captions);
  }
}

void NeighboursTool::draw(UiContext& ctx, ExplorerPanel& explorer) {
  auto& st = layout_dump().state();
  if (!ctx.workspace.train()) {
    ImGui::TextDisabled("no training images loaded");
    return;
  }
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("neighbours", &k_, 1, 16);
  update_pixels(ctx, explorer);
  update_codes(ctx, explorer);
  const float cell = px(40);

  ImGui::Separator();
  ImGui::TextUnformatted("pixel space: the decoded image");
  if (pixels_ && pixels_->error.empty()) {
    ImGui::TextDisabled("%zu training images searched; RMS distance (0 = identical, pixels in [0, 1])",
                        pixels_->searched);
    pixel_strip_.draw("nn_pixels", cell);
    st["nn_pixel_indices"] = indices_of(pixels_->found);
    st["nn_pixel_distances"] = distances_of(pixels_->found);
    st["nn_pixel_query"] = pixels_->query_digest;
  } else {
    ImGui::TextDisabled(pixel_job_.busy() ? "searching ..." : "waiting for a decoded image");
  }

  ImGui::Separator();
  ImGui::TextUnformatted("code space: each layer of the explorer's code");
  if (!train_codes_) {
    ImGui::TextDisabled(train_job_.busy() ? "encoding training images ..." : "waiting for weights");
    st["nn_train_codes"] = 0;
    return;
  }
  ImGui::TextDisabled("among the first %zu training images (weights of step %lld); Euclidean distance",
                      train_codes_->means.size(), (long long)train_codes_->step);
  st["nn_train_codes"] = train_codes_->means.size();
  for (size_t l = code_found_.size(); l-- > 0;) {
    ImGui::Text("z%zu%s", l + 1, l + 1 == code_found_.size() ? " (top)" : l == 0 ? " (bottom)" : "");
    code_strips_[l]->draw(("nn_code_l" + std::to_string(l + 1)).c_str(), cell);
    st["nn_code_indices_l" + std::to_string(l + 1)] = indices_of(code_found_[l]);
    st["nn_code_distances_l" + std::to_string(l + 1)] = distances_of(code_found_[l]);
  }
}

}  // namespace vlae::ui
