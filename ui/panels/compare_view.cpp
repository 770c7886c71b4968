#include "ui/panels/compare_view.h"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "core/run/snapshot_info.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {

namespace {
std::string dims_text(const std::vector<int>& dims) {
  std::string s;
  for (int d : dims) s += (s.empty() ? "" : ",") + std::to_string(d);
  return "[" + s + "]";
}
}  // namespace

CompareView::CompareView() : view_(std::make_unique<ImageView>()) {
  decoder_ = std::make_unique<DecodeService>([this] { return loader_.weights(); });
}

CompareView::~CompareView() = default;

void CompareView::reset() {
  active_ = false;
  pick_ = -1;
  label_.clear();
  error_.clear();
  last_export_.clear();
  image_step_ = -1;
  image_digest_ = 0;
  submitted_.clear();
  view_ = std::make_unique<ImageView>();
  loader_.clear();
}

void CompareView::load(const std::string& path, std::string label) {
  label_ = std::move(label);
  error_.clear();
  loader_.load(path);
}

void CompareView::poll(UiContext& ctx) {
  std::string error;
  if (loader_.poll(error)) {
    const RunConfig& mine = *ctx.workspace.config();
    const SnapshotInfo info = snapshot_info(*loader_.weights());
    if (info.config.model.latent_dims == mine.model.latent_dims) {
      ++loaded_id_;
      return;
    }
    loader_.clear();
    error = label_ + " has latent layers " + dims_text(info.config.model.latent_dims) + ", this run " +
            dims_text(mine.model.latent_dims) + ": the same code cannot decode";
  }
  if (!error.empty()) {
    error_ = error;
    ctx.errors.add("compare: " + error_);
  }
}

void CompareView::draw_controls(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ImGui::Checkbox("Compare", &active_) && active_ && pick_ < 0 && other_path_.empty()) {
    // First use: the oldest kept step beside the weights shown, the clearest contrast.
    const auto& entries = ws.timeline().entries();
    if (!entries.empty()) {
      pick_ = 0;
      load(entries.front().path, "step " + std::to_string(entries.front().step));
    }
  }
  layout_dump().item("compare");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("decode the same code with other weights: an older step, or another run, side by side");
  if (!active_) return;
  const auto& entries = ws.timeline().entries();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(140));
  const std::string preview =
      pick_ >= 0 && pick_ < int(entries.size()) ? "step " + std::to_string(entries[size_t(pick_)].step) : "another run";
  if (ImGui::BeginCombo("with", preview.c_str())) {
    for (int i = 0; i < int(entries.size()); ++i) {
      const std::string name =
          "step " + std::to_string(entries[size_t(i)].step) + (entries[size_t(i)].weights_only ? " (history)" : "");
      if (ImGui::Selectable(name.c_str(), pick_ == i)) {
        pick_ = i;
        load(entries[size_t(i)].path, "step " + std::to_string(entries[size_t(i)].step));
      }
    }
    if (ImGui::Selectable("another run ...", pick_ < 0)) pick_ = -1;
    ImGui::EndCombo();
  }
  layout_dump().item("compare_with");
  if (pick_ < 0) {
    ImGui::SetNextItemWidth(px(220));
    const bool enter = ImGui::InputTextWithHint("##other", "run folder or checkpoint", &other_path_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    layout_dump().item("compare_path");
    ImGui::SameLine();
    if ((ImGui::Button("Open##compare") || enter) && !other_path_.empty()) load(other_path_, other_path_);
    layout_dump().item("compare_open");
  }
}

void CompareView::draw_image(UiContext& ctx, const LatentCode& code, ImVec2 size, const DisplayParams& params,
                             const ImageView& main, int64_t main_step, const std::string& main_checkpoint) {
  poll(ctx);
  if (auto r = decoder_->take(SlotCode)) {
    if (r->error.empty() && !r->image.empty()) {
      image_digest_ = pixels_digest(r->image.pixels);
      view_->set_image(std::move(r->image));
      image_step_ = r->snapshot_step;
      image_checkpoint_ = r->checkpoint;
    } else if (!r->error.empty()) {
      error_ = r->error;
    }
  }
  const bool have_weights = bool(loader_.weights());
  if (have_weights && (code != submitted_ || loaded_id_ != submitted_id_)) {
    DecodeRequest req;
    req.kind = DecodeKind::Code;
    req.code = code;
    decoder_->submit(SlotCode, req);
    submitted_ = code;
    submitted_id_ = loaded_id_;
  }
  ImGui::BeginGroup();
  const std::string overlay = loader_.loading() ? "loading ..." : !have_weights ? "pick weights" : "";
  image_widget("compare_image", *view_, ctx.image_program, size, params, overlay);
  layout_dump().item("compare_image");
  ImGui::TextDisabled("%s", label_.empty() ? "-" : label_.c_str());
  ImGui::BeginDisabled(!view_->has_image() || !main.has_image());
  if (ImGui::Button("Export pair")) export_pair(ctx, main, main_step, main_checkpoint);
  layout_dump().item("compare_export");
  ImGui::EndDisabled();
  ImGui::EndGroup();
  auto& st = layout_dump().state();
  st["compare_step"] = image_step_;
  st["compare_digest"] = image_digest_;
  st["compare_label"] = label_;
  if (!last_export_.empty()) st["last_export"] = last_export_;
}

void CompareView::export_pair(UiContext& ctx, const ImageView& main, int64_t main_step,
                              const std::string& main_checkpoint) {
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "compare");
    Grid grid;
    grid.image = concat_horizontal({main.image(), view_->image()}, 8);
    grid.rows = 1;
    grid.cols = 2;
    grid.sidecar = {{"kind", "compare"},
                    {"code", submitted_},
                    {"left", {{"checkpoint", main_checkpoint}, {"step", main_step}}},
                    {"right", {{"checkpoint", image_checkpoint_}, {"step", image_step_}, {"label", label_}}}};
    write_grid(path, std::move(grid), main_checkpoint, main_step);
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

}  // namespace vlae::ui
