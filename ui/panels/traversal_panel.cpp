#include "ui/panels/traversal_panel.h"

#include <algorithm>

#include <imgui.h>

#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "core/explore/animation.h"
#include "core/explore/code_statistics.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {
namespace {
// While training publishes new weights, redraw at most this often (a grid costs ~100 decodes).
constexpr double kRefreshSeconds = 3.0;
constexpr int kAnimationFps = 12;  // as `vlae traverse --out FILE.gif|mp4`
}  // namespace

DecodeRequest TraversalPanel::request(const Params& p, int layers) const {
  DecodeRequest req;
  req.traverse = p.spec;
  if (p.layer >= layers) {
    req.kind = DecodeKind::TraverseAllLayers;
  } else {
    req.kind = DecodeKind::Traverse;
    req.traverse.layer = p.layer;
  }
  return req;
}

void TraversalPanel::export_result(UiContext& ctx, const DecodeResult& r, const std::string& stem) {
  try {
    Grid grid{r.image, r.rows, r.cols, r.sidecar};
    const std::string path = next_numbered_path(ctx.exports_dir, stem);
    write_grid(path, std::move(grid), r.checkpoint, r.snapshot_step);
    last_export_ = path;
    layout_dump().state()["last_export"] = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

void TraversalPanel::export_animation(UiContext& ctx, const DecodeResult& r) {
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "traverse-animation", animation_extension_);
    write_animation(path, Animation{r.frames, r.sidecar}, kAnimationFps, r.checkpoint, r.snapshot_step);
    last_export_ = path;
    layout_dump().state()["last_export"] = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

void TraversalPanel::save_state(nlohmann::json& state) const {
  state["traversal"] = {{"layer", params_.layer},
                        {"mode", params_.spec.mode},
                        {"n", params_.spec.n},
                        {"range", params_.spec.range},
                        {"others_fixed", params_.spec.others_fixed},
                        {"seed", params_.spec.seed}};
}

void TraversalPanel::restore_state(const nlohmann::json& state) {
  if (!state.contains("traversal") || !state["traversal"].is_object()) return;
  try {
    const nlohmann::json& t = state["traversal"];
    Params p = params_;
    p.layer = t.value("layer", p.layer);
    p.spec.mode = t.value("mode", p.spec.mode);
    p.spec.n = std::clamp(t.value("n", p.spec.n), 2, 20);
    p.spec.range = std::clamp(t.value("range", p.spec.range), 0.5, 4.0);
    p.spec.others_fixed = t.value("others_fixed", p.spec.others_fixed);
    p.spec.seed = t.value("seed", p.spec.seed);
    if (p.layer < 0 || (p.spec.mode != "grid" && p.spec.mode != "resample")) return;
    params_ = p;  // a layer past the model's is "all layers", as the combo shows it
  } catch (const std::exception&) {
    // Keys of the wrong type: the defaults stay.
  }
}

void TraversalPanel::take_results(UiContext& ctx) {
  DecodeService* dec = ctx.workspace.decoder();
  if (!dec) return;
  if (auto r = dec->take(SlotTraverse)) {
    error_ = r->error;
    if (r->error.empty()) {
      view_->set_image(r->image);
      // The file name follows the request this result answers, not the controls as they are now.
      shown_stem_ = stems_[r->generation];
      stems_.erase(stems_.begin(), stems_.upper_bound(r->generation));
      shown_ = std::move(r);
    }
  }
  if (auto r = dec->take(SlotExportGif)) {
    export_gif_pending_ = false;
    if (!r->error.empty())
      ctx.errors.add("export failed: " + r->error);
    else
      export_animation(ctx, *r);
  }
  if (auto r = dec->take(SlotExportAll)) {
    export_all_pending_ = false;
    if (!r->error.empty())
      ctx.errors.add("export failed: " + r->error);
    else
      export_result(ctx, *r, export_all_stem_);
  }
}

bool TraversalPanel::draw_controls(int layers) {
  const Params before = params_;
  ImGui::SetNextItemWidth(px(130));
  std::string preview = params_.layer >= layers ? "all layers" : "z" + std::to_string(params_.layer + 1);
  if (ImGui::BeginCombo("layer", preview.c_str())) {
    for (int l = layers - 1; l >= 0; --l) {
      std::string name = "z" + std::to_string(l + 1) + (l == layers - 1 ? " (top)" : l == 0 ? " (bottom)" : "");
      if (ImGui::Selectable(name.c_str(), params_.layer == l)) params_.layer = l;
      layout_dump().item("traverse_layer_" + std::to_string(l + 1));
    }
    if (ImGui::Selectable("all layers", params_.layer >= layers)) params_.layer = layers;
    ImGui::EndCombo();
  }
  layout_dump().item("traverse_layer");
  ImGui::SameLine();
  bool grid = params_.spec.mode == "grid";
  if (ImGui::RadioButton("grid", grid)) params_.spec.mode = "grid";
  ImGui::SameLine();
  if (ImGui::RadioButton("resample", !grid)) params_.spec.mode = "resample";
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("one shared base code; only this layer drawn from the prior per cell");
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("size", &params_.spec.n, 2, 20);
  ImGui::SameLine();
  ImGui::BeginDisabled(params_.spec.mode != "grid");
  ImGui::SetNextItemWidth(px(90));
  float range = float(params_.spec.range);
  if (ImGui::SliderFloat("range", &range, 0.5f, 4.0f, "%.1f")) params_.spec.range = range;
  ImGui::SameLine();
  ImGui::Checkbox("others fixed", &params_.spec.others_fixed);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("hold the other layers at one draw instead of a fresh draw per cell");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(70));
  int seed = int(params_.spec.seed);
  if (ImGui::InputInt("seed", &seed, 0)) params_.spec.seed = uint64_t(std::max(0, seed));
  draw_dims(layers);
  return !(before == params_);
}

void TraversalPanel::draw_dims(int layers) {
  // Which two dims a one-layer grid of a wider layer sweeps: by KL (the dims it uses most) or d1, d2.
  params_.spec.dims = {0, 1};
  const bool one_layer = params_.layer < layers && params_.spec.mode == "grid";
  const std::vector<double>* kl =
      one_layer && size_t(params_.layer) < dim_kl_.size() ? &dim_kl_[size_t(params_.layer)] : nullptr;
  if (!kl || kl->size() < 3) return;  // two dims: the grid sweeps both, d1 on x as `vlae traverse` does
  ImGui::Checkbox("dims by KL", &params_.by_kl);
  layout_dump().item("traverse_by_kl");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("sweep the two dims whose codes carry the most KL on the held-out images; off: d1 and d2");
  if (params_.by_kl) {
    const std::vector<int> order = dims_by_value(*kl);
    params_.spec.dims = {order[0], order[1]};
  }
  ImGui::SameLine();
  ImGui::TextDisabled("x: d%d (KL %.2f)  y: d%d (KL %.2f)", params_.spec.dims[0] + 1,
                      (*kl)[size_t(params_.spec.dims[0])], params_.spec.dims[1] + 1,
                      (*kl)[size_t(params_.spec.dims[1])]);
  layout_dump().state()["traverse_dims"] = {params_.spec.dims[0] + 1, params_.spec.dims[1] + 1};
}

void TraversalPanel::draw(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    view_ = std::make_unique<ImageView>();
    shown_.reset();
    stems_.clear();
    submitted_once_ = false;
    export_all_pending_ = export_gif_pending_ = false;
    error_.clear();
    if (ws.config()) params_.layer = ws.config()->model.layers() - 1;  // the top: digit identity on MNIST
  }
  if (!ws.has_run()) {
    ImGui::TextDisabled("no run open");
    return;
  }
  const RunConfig& cfg = *ws.config();
  const int layers = cfg.model.layers();
  take_results(ctx);
  draw_controls(layers);

  DecodeService* dec = ws.decoder();
  const bool params_changed = !submitted_once_ || !(params_ == submitted_);
  // Weights a user picked on the timeline show at once; those training publishes at this pace.
  const bool weights_changed = ws.snapshot_id() != submitted_snapshot_ &&
                               (ctx.now - submitted_at_ >= kRefreshSeconds || ws.pick_id() != submitted_pick_);
  if (dec && (params_changed || weights_changed)) {
    const uint64_t generation = dec->submit(SlotTraverse, request(params_, layers));
    stems_[generation] = params_.layer >= layers
                             ? "traverse-all-layers-" + params_.spec.mode
                             : "traverse-z" + std::to_string(params_.layer + 1) + "-" + params_.spec.mode;
    submitted_ = params_;
    submitted_once_ = true;
    submitted_snapshot_ = ws.snapshot_id();
    submitted_pick_ = ws.pick_id();
    submitted_at_ = ctx.now;
  }

  layout_dump().state()["traverse_step"] = shown_ ? shown_->snapshot_step : -1;
  ImGui::BeginDisabled(!shown_);
  if (ImGui::Button("Export PNG")) export_result(ctx, *shown_, shown_stem_);
  layout_dump().item("export");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!dec || export_all_pending_);
  if (ImGui::Button("Export all layers")) {
    Params all = params_;
    all.layer = layers;
    dec->submit(SlotExportAll, request(all, layers));
    export_all_stem_ = "traverse-all-layers-" + all.spec.mode;
    export_all_pending_ = true;
  }
  layout_dump().item("export_all");
  ImGui::EndDisabled();
  ImGui::SameLine();
  // The layer shown (or every layer) swept along its first dim and back, looping.
  const auto animation_button = [&](const char* label, const char* extension, const char* item) {
    ImGui::BeginDisabled(!dec || export_gif_pending_);
    if (ImGui::Button(label)) {
      DecodeRequest req;
      req.kind = DecodeKind::TraverseAnimation;
      req.traverse = params_.spec;
      req.all_layers = params_.layer >= layers;
      req.traverse.layer = req.all_layers ? 0 : params_.layer;
      dec->submit(SlotExportGif, req);
      export_gif_pending_ = true;
      animation_extension_ = extension;
    }
    layout_dump().item(item);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("the first dim swept from -range to range and back, looping, with a JSON sidecar");
    ImGui::EndDisabled();
  };
  animation_button("Export GIF", "gif", "export_gif");
  ImGui::SameLine();
  animation_button("Export MP4", "mp4", "export_mp4");
  if (export_all_pending_ || export_gif_pending_ || !last_export_.empty()) {
    ImGui::SameLine();
    if (export_all_pending_ || export_gif_pending_)
      ImGui::TextDisabled("rendering ...");
    else
      ImGui::TextDisabled("saved %s", last_export_.c_str());
  }

  // The grid at the largest integer zoom that fits; scrollable when it does not fit at 1x.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (view_->has_image()) {
    const Image& img = view_->image();
    const int zoom =
        fit_zoom(img.width, img.height, ImVec2(avail.x, avail.y - ImGui::GetTextLineHeightWithSpacing() - 8));
    ImGui::BeginChild("grid", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    image_widget("grid", *view_, ctx.image_program, ImVec2(float(img.width * zoom), float(img.height * zoom)),
                 display_for_range(cfg.model.pixel_range), error_.empty() ? "" : "decode failed: " + error_);
    layout_dump().item("traverse_image");
    if (shown_) {
      ImGui::TextDisabled("%d x %d cells, weights of step %lld, %.0f ms", shown_->rows, shown_->cols,
                          (long long)shown_->snapshot_step, shown_->decode_ms);
    }
    ImGui::EndChild();
  } else {
    ImGui::TextDisabled(error_.empty() ? "rendering ..." : ("decode failed: " + error_).c_str());
  }
}

}  // namespace vlae::ui
