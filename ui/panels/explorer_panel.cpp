#include "ui/panels/explorer_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "core/data/dataset.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/widgets/image_widget.h"
#include "ui/widgets/latent_pad.h"

namespace vlae::ui {
namespace {

constexpr float kRange = 3.0f;  // slider range: +-3 standard deviations of the prior
constexpr int kThumbs = 16;

std::string layer_name(int layer, int layers) {
  std::string s = "z" + std::to_string(layer + 1);
  if (layers > 1 && layer == layers - 1) s += " (top)";
  if (layers > 1 && layer == 0) s += " (bottom)";
  return s;
}

}  // namespace

void ExplorerPanel::reset_for_run(UiContext& ctx) {
  run_id_ = ctx.workspace.run_id();
  const RunConfig* cfg = ctx.workspace.config();
  code_ = cfg ? zero_code(cfg->model.latent_dims) : LatentCode{};
  locked_.assign(code_.size(), false);
  submitted_.clear();
  submitted_once_ = false;
  view_ = std::make_unique<ImageView>();
  display_ = display_for_range(cfg ? cfg->model.pixel_range : "unit");
  decode_error_.clear();
  image_step_ = -1;
  image_checkpoint_.clear();
  compare_.reset();
  pending_codes_.clear();
  image_code_.clear();
  image_digest_ = 0;
  thumbs_of_ = nullptr;
  thumb_count_ = 0;
  encoding_ = false;
  selected_thumb_ = -1;
  undo_.clear();
  redo_.clear();
  frame_start_code_.clear();
}

void ExplorerPanel::set_code(const LatentCode& code, const std::string& source) {
  if (code.size() != code_.size()) return;
  for (size_t l = 0; l < code_.size(); ++l)
    if (!locked_[l] && code[l].size() == code_[l].size()) code_[l] = code[l];
  code_source_ = source;
}

void ExplorerPanel::edited() {
  code_source_ = "your code";
  if (view_) view_->keep_current_as_reference();
  // The code as the frame began: widgets change it in the same call that reports the edit.
  if (!pushed_this_frame_ && !frame_start_code_.empty()) {
    undo_.push_back(frame_start_code_);
    if (undo_.size() > kUndoSteps) undo_.pop_front();
    redo_.clear();
    pushed_this_frame_ = true;
  }
}

void ExplorerPanel::undo(bool redo) {
  auto& from = redo ? redo_ : undo_;
  auto& to = redo ? undo_ : redo_;
  if (from.empty() || from.back().size() != code_.size()) return;
  to.push_back(code_);
  code_ = from.back();
  from.pop_back();
  frame_start_code_ = code_;
  code_source_ = redo ? "redo" : "undo";
  if (view_) view_->keep_current_as_reference();
}

void ExplorerPanel::save_state(nlohmann::json& state) const {
  state["code"] = code_;
  state["locks"] = locked_;
}

void ExplorerPanel::restore_state(const nlohmann::json& state) {
  try {
    const LatentCode code = state.value("code", LatentCode{});
    const std::vector<bool> locks = state.value("locks", std::vector<bool>{});
    bool fits = code.size() == code_.size();
    for (size_t l = 0; fits && l < code.size(); ++l) fits = code[l].size() == code_[l].size();
    if (!fits) return;  // another model's state: the defaults stay
    code_ = code;
    if (locks.size() == locked_.size()) locked_ = locks;
    code_source_ = "restored";
  } catch (const std::exception&) {
    // Keys of the wrong type: the defaults stay.
  }
}

void ExplorerPanel::take_results(UiContext& ctx) {
  DecodeService* dec = ctx.workspace.decoder();
  if (!dec) return;
  if (auto r = dec->take(SlotCode)) {
    last_generation_ = r->generation;
    decode_ms_ = r->decode_ms;
    decode_error_ = r->error;
    if (r->error.empty() && !r->image.empty()) {
      image_digest_ = pixels_digest(r->image.pixels);
      view_->set_image(std::move(r->image));
      image_step_ = r->snapshot_step;
      image_checkpoint_ = r->checkpoint;
      if (auto found = pending_codes_.find(r->generation); found != pending_codes_.end()) image_code_ = found->second;
    }
    // Older requests were superseded: they will never be answered.
    pending_codes_.erase(pending_codes_.begin(), pending_codes_.upper_bound(r->generation));
  }
  if (auto r = dec->take(SlotEncode)) {
    encoding_ = false;
    if (!r->error.empty()) {
      ctx.errors.add("encode failed: " + r->error);
    } else if (r->code.size() == code_.size()) {
      edited();
      for (size_t l = 0; l < code_.size(); ++l)
        if (!locked_[l]) code_[l] = r->code[l];
      code_source_ = encode_source_;
    }
  }
}

void ExplorerPanel::draw_image_area(UiContext& ctx) {
  const int w = view_->has_image() ? view_->image().width : 28, h = view_->has_image() ? view_->image().height : 28;
  // Two images side by side while comparing: each gets two thirds of the room, so the view
  // controls still fit beside them.
  const float room = compare_.active() ? px(200) : px(300);
  const int zoom = fit_zoom(w, h, ImVec2(room, room));
  const ImVec2 size(float(w * zoom), float(h * zoom));
  DisplayParams params = display_;
  params.mode = difference_ ? DisplayParams::Difference : DisplayParams::Plain;
  std::string overlay = decode_error_.empty() ? "" : "decode failed: " + decode_error_;
  ImGui::BeginGroup();
  image_widget("decoded", *view_, ctx.image_program, size, params, overlay);
  layout_dump().item("decoded_image");
  ImGui::EndGroup();
  if (compare_.active()) {
    ImGui::SameLine();
    compare_.draw_image(ctx, code_, size, params, *view_, image_step_, image_checkpoint_);
  }

  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::Text("view");
  if (ImGui::RadioButton("image", !difference_)) difference_ = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("difference", difference_)) difference_ = true;
  layout_dump().item("difference_mode");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("|image - image before the last edit| as a heat map (dark = unchanged)");
  ImGui::SetNextItemWidth(px(160));
  if (difference_)
    ImGui::SliderFloat("scale", &display_.diff_max, 0.02f, 2.0f, "%.2f");
  else
    ImGui::DragFloatRange2("window", &display_.window_lo, &display_.window_hi, 0.01f, display_.data_lo,
                           display_.data_hi, "%.2f", "%.2f", ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::Button("Reset view")) {
    const DisplayParams d = display_for_range(ctx.workspace.config()->model.pixel_range);
    display_.window_lo = d.window_lo;
    display_.window_hi = d.window_hi;
    display_.diff_max = d.diff_max;
  }
  ImGui::Spacing();
  ImGui::TextDisabled("%dx%d at %dx", w, h, zoom);
  if (image_step_ >= 0) ImGui::TextDisabled("weights of step %lld", (long long)image_step_);
  ImGui::TextDisabled("decode %.1f ms", decode_ms_);
  ImGui::Spacing();
  if (ImGui::Button("Reset all")) {
    edited();
    for (size_t l = 0; l < code_.size(); ++l)
      if (!locked_[l]) std::fill(code_[l].begin(), code_[l].end(), 0.0f);
  }
  layout_dump().item("reset_all");
  ImGui::SameLine();
  if (ImGui::Button("Randomize all")) {
    edited();
    for (size_t l = 0; l < code_.size(); ++l)
      if (!locked_[l]) resample_layer(code_, int(l), rng_);
  }
  layout_dump().item("randomize_all");
  draw_play(ctx);
  ImGui::EndGroup();
}

void ExplorerPanel::draw_timeline(UiContext& ctx) {
  StepTimeline& timeline = ctx.workspace.timeline();
  const auto& entries = timeline.entries();
  const int newest = int(entries.size());  // the slider's last position: follow the newest weights
  int pos = newest;
  for (int i = 0; i < newest; ++i)
    if (entries[size_t(i)].step == timeline.requested_step()) pos = i;
  const std::string label = pos == newest ? "newest"
                                          : "step " + std::to_string(entries[size_t(pos)].step) +
                                                (entries[size_t(pos)].weights_only ? " (history)" : "");
  ImGui::BeginDisabled(entries.empty());
  ImGui::TextUnformatted("weights");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(220));
  if (ImGui::SliderInt("##timeline", &pos, 0, newest, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
    timeline.show(pos == newest ? -1 : entries[size_t(pos)].step);
  layout_dump().item("timeline");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(entries.empty() ? "no kept checkpoints yet"
                                      : "decode with the weights of a kept step (every view follows); right end: "
                                        "the newest");
  if (timeline.loading()) {
    ImGui::SameLine();
    ImGui::TextDisabled("loading ...");
  }
  ImGui::SameLine();
  compare_.draw_controls(ctx);
  auto& st = layout_dump().state();
  nlohmann::json steps = nlohmann::json::array();
  for (const TimelineEntry& e : entries) steps.push_back(e.step);
  st["timeline_steps"] = steps;
  st["timeline_pick"] = timeline.requested_step();
}

void ExplorerPanel::draw_play(UiContext& ctx) {
  // Play sweeps one dim back and forth over +-2 (the figures' range), 4 s a round trip.
  std::vector<std::string> names;
  for (size_t l = 0; l < code_.size(); ++l)
    for (size_t d = 0; d < code_[l].size(); ++d)
      names.push_back("z" + std::to_string(l + 1) + " d" + std::to_string(d + 1));
  if (names.empty()) return;
  if (play_target_ < 0 || play_target_ >= int(names.size())) play_target_ = int(names.size() - code_.back().size());
  play_target_ = int(names.size()) - 2 >= 0 ? int(names.size()) - 2 : 0;
  if (ImGui::Checkbox("Play", &playing_) && playing_) {
    edited();
    play_started_ = ctx.now;
  }
  layout_dump().item("play");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(80));
  if (ImGui::BeginCombo("##play_dim", names[size_t(play_target_)].c_str())) {
    for (int i = 0; i < int(names.size()); ++i)
      if (ImGui::Selectable(names[size_t(i)].c_str(), i == play_target_)) play_target_ = i;
    ImGui::EndCombo();
  }
  layout_dump().state()["playing"] = playing_;
  if (!playing_) return;
  int i = play_target_;
  size_t layer = 0;
  while (i >= int(code_[layer].size())) i -= int(code_[layer++].size());
  if (locked_[layer]) return;
  const double phase = std::fmod((ctx.now - play_started_) / 4.0 + 0.25, 1.0);  // starts at 0, rising
  code_[layer][size_t(i)] = float(2.0 * (1.0 - 4.0 * std::fabs(phase - 0.5)));
}

void ExplorerPanel::draw_thumbnails(UiContext& ctx) {
  auto data = ctx.workspace.heldout();
  if (!data || data->size() == 0) {
    if (!ctx.workspace.note().empty()) ImGui::TextDisabled("%s", ctx.workspace.note().c_str());
    return;
  }
  if (thumbs_of_ != data.get()) {
    // One texture holds every thumbnail side by side; each button shows its slice.
    thumbs_of_ = data.get();
    thumb_count_ = int(std::min<size_t>(kThumbs, data->size()));
    // Spread over the set: a set stored in factor order (dsprites) would show 16 small squares.
    thumb_rows_.clear();
    for (int i = 0; i < thumb_count_; ++i) thumb_rows_.push_back(int(size_t(i) * data->size() / size_t(thumb_count_)));
    std::vector<Image> tiles;
    for (int row : thumb_rows_) tiles.push_back(dataset_image(*data, size_t(row)));
    thumbs_.upload(tile_images(tiles, 1, thumb_count_, 0, 0));
    thumb_cols_ = thumb_count_;
  }
  ImGui::Text("held-out images: click to encode");
  if (encoding_) {
    ImGui::SameLine();
    ImGui::TextDisabled("encoding ...");
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  const int per_row = 8;
  const float cell = std::clamp(std::floor((avail - (per_row - 1) * px(4)) / per_row), px(28), px(64));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < thumb_count_; ++i) {
    if (i % per_row) ImGui::SameLine(0, px(4));
    ImGui::PushID(i);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const int row = thumb_rows_[size_t(i)];
    if (ImGui::InvisibleButton("thumb", ImVec2(cell, cell)) && encode(ctx, data, row, "test:" + std::to_string(row))) {
      selected_thumb_ = i;
      selected_own_ = -1;
    }
    layout_dump().item("thumb_" + std::to_string(i));
    const float u0 = float(i) / float(thumb_cols_), u1 = float(i + 1) / float(thumb_cols_);
    dl->AddImage(thumbs_.imgui_id(), a, ImVec2(a.x + cell, a.y + cell), ImVec2(u0, 0), ImVec2(u1, 1));
    const bool hot = ImGui::IsItemHovered() || i == selected_thumb_;
    dl->AddRect(a, ImVec2(a.x + cell, a.y + cell),
                hot ? IM_COL32(255, 190, 60, 255) : ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::PopID();
  }
  if (const int own = own_.draw(ctx, cell, selected_own_);
      own >= 0 && encode(ctx, own_.images(), own, "own:" + std::to_string(own))) {
    selected_own_ = own;
    selected_thumb_ = -1;
  }
}

bool ExplorerPanel::encode(UiContext& ctx, std::shared_ptr<const Dataset> data, int index, std::string source) {
  DecodeService* dec = ctx.workspace.decoder();
  if (!dec || !data) return false;
  DecodeRequest req;
  req.kind = DecodeKind::Encode;
  req.data = std::move(data);
  req.index = index;
  dec->submit(SlotEncode, req);
  encoding_ = true;
  encode_source_ = std::move(source);
  return true;
}

void ExplorerPanel::draw_layer(UiContext& ctx, int layer) {
  const int layers = int(code_.size());
  auto& z = code_[size_t(layer)];
  const std::string tag = "l" + std::to_string(layer + 1);
  ImGui::PushID(layer);
  ImGui::Separator();
  ImGui::Text("%s", layer_name(layer, layers).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%zu dims", z.size());
  ImGui::SameLine();
  const bool at_default = std::all_of(z.begin(), z.end(), [](float v) { return v == 0.0f; });
  bool lock = locked_[size_t(layer)];
  ImGui::BeginDisabled(at_default || lock);
  if (ImGui::SmallButton("Reset")) {
    edited();
    std::fill(z.begin(), z.end(), 0.0f);
  }
  layout_dump().item("reset_" + tag);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(lock);
  if (ImGui::SmallButton("Randomize")) {
    edited();
    resample_layer(code_, layer, rng_);
  }
  layout_dump().item("randomize_" + tag);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Checkbox("Lock", &lock)) locked_[size_t(layer)] = lock;
  layout_dump().item("lock_" + tag);

  // Sliders, and the pad beside them (two chosen dims of a wider layer).
  const bool pad = z.size() >= 2;
  ImGui::BeginGroup();
  ImGui::BeginDisabled(lock);
  for (size_t d = 0; d < z.size(); ++d) {
    ImGui::PushID(int(d));
    ImGui::SetNextItemWidth(pad ? 200.0f : 260.0f);
    char label[32];
    std::snprintf(label, sizeof label, "d%zu", d + 1);
    ImGui::SliderFloat(label, &z[d], -kRange, kRange, "%.2f");
    if (ImGui::IsItemActivated()) edited();
    layout_dump().item("slider_" + tag + "_d" + std::to_string(d + 1));
    if (layer == layers - 1 && d == 0) layout_dump().item("top_slider");
    ImGui::SameLine();
    ImGui::BeginDisabled(z[d] == 0.0f);
    if (ImGui::SmallButton("R")) {
      edited();
      z[d] = 0.0f;
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("reset to 0");
    ImGui::EndDisabled();
    // How much the dim is used: a dim with KL near 0 is ignored by the model (inactive).
    const auto& kl = map_.dim_kl();
    if (size_t(layer) < kl.size() && d < kl[size_t(layer)].size()) {
      ImGui::SameLine();
      ImGui::TextDisabled("KL %.2f", kl[size_t(layer)][d]);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("this dim's KL to the prior, nats per image, averaged over the held-out codes on the pads");
    }
    ImGui::PopID();
  }
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (pad) {
    ImGui::SameLine(0, px(16));
    draw_pad(ctx, layer);
  }
  ImGui::PopID();
}

void ExplorerPanel::draw_pad(UiContext& ctx, int layer) {
  auto& z = code_[size_t(layer)];
  const std::string tag = "l" + std::to_string(layer + 1);
  if (pad_dims_.size() != code_.size()) {
    pad_dims_.assign(code_.size(), {0, 1});
    pad_pca_.assign(code_.size(), false);
  }
  std::array<int, 2>& dims = pad_dims_[size_t(layer)];
  ImGui::BeginGroup();
  if (z.size() > 2) {
    // Which plane of a wider layer the pad shows: two dims, or the data's first two principal axes.
    bool pca = pad_pca_[size_t(layer)];
    if (ImGui::Checkbox("PCA", &pca)) pad_pca_[size_t(layer)] = pca;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the plane of the held-out codes' first two principal axes");
    layout_dump().item("pad_pca_" + tag);
    ImGui::BeginDisabled(pca);
    for (int axis = 0; axis < 2; ++axis) {
      ImGui::SameLine();
      ImGui::PushID(axis);
      ImGui::SetNextItemWidth(px(52));
      const std::string label = "d" + std::to_string(dims[size_t(axis)] + 1);
      if (ImGui::BeginCombo(axis == 0 ? "x" : "y", label.c_str())) {
        for (int d = 0; d < int(z.size()); ++d)
          if (ImGui::Selectable(("d" + std::to_string(d + 1)).c_str(), d == dims[size_t(axis)])) dims[size_t(axis)] = d;
        ImGui::EndCombo();
      }
      ImGui::PopID();
    }
    ImGui::EndDisabled();
  }
  ImGui::BeginDisabled(locked_[size_t(layer)]);
  const PadProjection projection = map_.projection(layer, dims, pad_pca_[size_t(layer)]);
  const PadDots* dots = map_.dots(layer, projection);
  const float range = map_.range(layer, projection, kRange);
  const ImVec2 before = projection.project(z);
  float x = before.x, y = before.y;
  const PadEvents ev = latent_pad("pad", px(112), x, y, range, 2.0f, dots);
  if (ev.activated) edited();
  if (ev.picked >= 0) {
    // The dot's whole code for this layer (every dim, not only the two shown); Shift: every layer.
    const LatentCode& picked = map_.code(ev.picked);
    if (ImGui::GetIO().KeyShift) {
      for (size_t l = 0; l < code_.size(); ++l)
        if (!locked_[l]) code_[l] = picked[l];
    } else {
      z = picked[size_t(layer)];
    }
    code_source_ = "test:" + std::to_string(ev.picked);
  } else if (ev.changed) {
    projection.move(z, before, ImVec2(x, y));
  }
  if (!ev.selection.empty()) map_.select(layer, projection, ev.selection, ev.lasso);
  layout_dump().item("pad_" + tag);
  layout_dump().state()["pad_pca_" + tag] = projection.pca;
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (ev.hovered >= 0) map_.show_hover(ctx, ev.hovered);
  map_.dump(layer, ev);
}

void ExplorerPanel::draw(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) reset_for_run(ctx);
  if (!ws.has_run()) {
    ImGui::TextDisabled(ws.opening() ? "opening ..." : "no run open: New run or Load");
    return;
  }
  frame_start_code_ = code_;
  pushed_this_frame_ = false;
  take_results(ctx);
  draw_timeline(ctx);
  draw_image_area(ctx);
  draw_thumbnails(ctx);
  map_.update(ctx);
  own_.poll(ctx);
  map_.draw_legend();
  for (int l = int(code_.size()) - 1; l >= 0; --l) draw_layer(ctx, l);

  // Decode when the code or the weights changed; the decoder keeps only the newest request.
  DecodeService* dec = ws.decoder();
  if (dec && (!submitted_once_ || code_ != submitted_ || ws.snapshot_id() != submitted_snapshot_)) {
    DecodeRequest req;
    req.kind = DecodeKind::Code;
    req.code = code_;
    pending_codes_[dec->submit(SlotCode, req)] = code_;
    submitted_ = code_;
    submitted_snapshot_ = ws.snapshot_id();
    submitted_once_ = true;
  }
  auto& st = layout_dump().state();
  st["decode_generation"] = last_generation_;
  st["image_step"] = image_step_;
  st["code"] = code_;
  st["image_code"] = image_code_;
  st["code_source"] = code_source_;
  st["undo_depth"] = undo_.size();
  st["redo_depth"] = redo_.size();
  st["image_digest"] = image_digest_;
  st["dim_kl"] = map_.dim_kl();
}

}  // namespace vlae::ui
