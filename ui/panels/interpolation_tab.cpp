#include "ui/panels/interpolation_tab.h"

#include <imgui.h>

#include <algorithm>
#include <tuple>

#include "core/explore/animation.h"
#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/panels/explorer_panel.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {

namespace {
constexpr int kAnimationFps = 12;  // as `vlae interpolate --out FILE.gif|mp4`
std::string key_of(const LatentCode& a, const LatentCode& b, const std::vector<bool>& moving, bool slerp, int n) {
  nlohmann::json j{{"a", a}, {"b", b}, {"moving", moving}, {"slerp", slerp}, {"n", n}};
  return j.dump();
}
}  // namespace

void InterpolationTab::draw(UiContext& ctx, ExplorerPanel& explorer) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    a_.clear();
    b_.clear();
    a_name_.clear();
    b_name_.clear();
    shown_.reset();
    submitted_key_.clear();
    view_ = std::make_unique<ImageView>();
    t_ = 0;
  }
  if (!view_) view_ = std::make_unique<ImageView>();
  const bool open = begin_figure_tab(ctx.figure_tabs, "Interpolation");
  layout_dump().item("tab_interpolation");
  if (!open) return;
  const LatentCode& code = explorer.code();
  if (moving_.size() != code.size()) moving_.assign(code.size(), true);
  if (!ws.has_run() || code.empty()) {
    ImGui::TextDisabled("no run open");
    ImGui::EndTabItem();
    return;
  }
  ImGui::TextDisabled("click a thumbnail (or move the sliders), then set it as A or B");
  if (ImGui::Button("Set A")) {
    a_ = code;
    a_name_ = explorer.code_source();
  }
  layout_dump().item("interp_set_a");
  ImGui::SameLine();
  ImGui::Text("A: %s", a_.empty() ? "-" : a_name_.c_str());
  ImGui::SameLine(0, px(24));
  if (ImGui::Button("Set B")) {
    b_ = code;
    b_name_ = explorer.code_source();
  }
  layout_dump().item("interp_set_b");
  ImGui::SameLine();
  ImGui::Text("B: %s", b_.empty() ? "-" : b_name_.c_str());

  ImGui::TextUnformatted("layers that move:");
  for (size_t l = 0; l < moving_.size(); ++l) {
    ImGui::SameLine();
    bool m = moving_[l];
    if (ImGui::Checkbox(("z" + std::to_string(l + 1)).c_str(), &m)) moving_[l] = m;
    layout_dump().item("interp_layer_" + std::to_string(l + 1));
  }
  ImGui::SameLine(0, px(20));
  ImGui::SetNextItemWidth(px(90));
  int mode = slerp_ ? 1 : 0;
  if (ImGui::Combo("##mode", &mode, "linear\0slerp\0")) slerp_ = mode == 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("steps", &n_, 3, 16);

  const bool ready = !a_.empty() && !b_.empty() && a_.size() == code.size() && b_.size() == code.size();
  ImGui::BeginDisabled(!ready);
  ImGui::SetNextItemWidth(px(260));
  const bool moved = ImGui::SliderFloat("t (A to B)", &t_, 0.0f, 1.0f, "%.2f");
  if (ImGui::IsItemActivated()) explorer.edited();  // one undo step for the whole drag
  if (moved && ready) explorer.set_code(interpolate_code(a_, b_, t_, moving_, slerp_));
  layout_dump().item("interp_t");
  ImGui::EndDisabled();
  layout_dump().state()["interp_ready"] = ready;
  layout_dump().state()["interp_a"] = a_.empty() ? "" : a_name_;
  layout_dump().state()["interp_b"] = b_.empty() ? "" : b_name_;
  if (ready) draw_strip(ctx);
  ImGui::EndTabItem();
}

void InterpolationTab::export_animation(UiContext& ctx, const DecodeResult& r) {
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "interpolation-animation", animation_extension_);
    nlohmann::json sidecar = r.sidecar;
    sidecar["from_image"] = a_name_;
    sidecar["to_image"] = b_name_;
    write_animation(path, Animation{r.frames, sidecar}, kAnimationFps, r.checkpoint, r.snapshot_step);
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

void InterpolationTab::save_state(nlohmann::json& state) const {
  state["interpolation"] = {{"a", a_},           {"b", b_},         {"a_name", a_name_}, {"b_name", b_name_},
                            {"moving", moving_}, {"slerp", slerp_}, {"steps", n_}};
}

void InterpolationTab::restore_state(const nlohmann::json& state) {
  if (!state.contains("interpolation")) return;
  try {
    const nlohmann::json& j = state.at("interpolation");
    a_ = j.value("a", LatentCode{});
    b_ = j.value("b", LatentCode{});
    a_name_ = j.value("a_name", std::string());
    b_name_ = j.value("b_name", std::string());
    moving_ = j.value("moving", std::vector<bool>{});
    slerp_ = j.value("slerp", false);
    n_ = std::clamp(j.value("steps", 8), 3, 16);
  } catch (const std::exception&) {
    a_.clear();
    b_.clear();  // keys of the wrong type: start without picks
  }
}

void InterpolationTab::draw_strip(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  DecodeService* dec = ws.decoder();
  if (!dec) return;
  if (auto r = dec->take(SlotInterpolate)) {
    error_ = r->error;
    if (r->error.empty()) {
      view_->set_image(r->image);
      shown_ = std::move(r);
    }
  }
  if (auto r = dec->take(SlotExportInterpolation)) {
    animation_pending_ = false;
    if (!r->error.empty())
      ctx.errors.add("export failed: " + r->error);
    else
      export_animation(ctx, *r);
  }
  std::vector<int> layers;
  for (size_t l = 0; l < moving_.size(); ++l)
    if (moving_[l]) layers.push_back(int(l));
  if (layers.empty()) {
    ImGui::TextDisabled("tick at least one layer");
    return;
  }
  const std::string key = key_of(a_, b_, moving_, slerp_, n_);
  const auto request = [&](DecodeKind kind) {
    DecodeRequest req;
    req.kind = kind;
    req.code = a_;
    req.code_b = b_;
    req.interpolation.n = n_;
    req.interpolation.layers = layers;
    req.interpolation.slerp = slerp_;
    return req;
  };
  if (key != submitted_key_ || ws.snapshot_id() != submitted_snapshot_) {
    dec->submit(SlotInterpolate, request(DecodeKind::Interpolate));
    submitted_key_ = key;
    submitted_snapshot_ = ws.snapshot_id();
  }
  ImGui::BeginDisabled(!shown_);
  if (ImGui::Button("Export PNG")) {
    try {
      ensure_writable_dir(ctx.exports_dir);
      const std::string path = next_numbered_path(ctx.exports_dir, "interpolation");
      nlohmann::json sidecar = shown_->sidecar;
      sidecar["from_image"] = a_name_;
      sidecar["to_image"] = b_name_;
      write_grid(path, Grid{shown_->image, shown_->rows, shown_->cols, sidecar}, shown_->checkpoint,
                 shown_->snapshot_step);
      last_export_ = path;
    } catch (const std::exception& e) {
      ctx.errors.add("export failed: " + one_line(e.what()));
    }
  }
  layout_dump().item("interp_export");
  ImGui::EndDisabled();
  // A to B and back as a movie, the strip's rows side by side (as `vlae interpolate --out FILE.gif`).
  for (const auto& [label, extension, item] :
       {std::tuple{"Export GIF", "gif", "interp_export_gif"}, std::tuple{"Export MP4", "mp4", "interp_export_mp4"}}) {
    ImGui::SameLine();
    ImGui::BeginDisabled(!shown_ || animation_pending_);
    if (ImGui::Button(label)) {
      dec->submit(SlotExportInterpolation, request(DecodeKind::InterpolateAnimation));
      animation_pending_ = true;
      animation_extension_ = extension;
    }
    layout_dump().item(item);
    ImGui::EndDisabled();
  }
  layout_dump().state()["interp_last_export"] = last_export_;
  layout_dump().state()["interp_rows"] = shown_ ? shown_->rows : 0;
  if (!last_export_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("saved %s", last_export_.c_str());
  }
  ImGui::TextDisabled("one row per ticked layer moving alone (the others at A), then all of them together");
  if (view_->has_image()) {
    const Image& img = view_->image();
    const int zoom = fit_zoom(img.width, img.height, ImGui::GetContentRegionAvail());
    image_widget("interpolation", *view_, ctx.image_program, ImVec2(float(img.width * zoom), float(img.height * zoom)),
                 display_for_range(ws.config()->model.pixel_range), error_.empty() ? "" : "decode failed: " + error_);
  } else {
    ImGui::TextDisabled(error_.empty() ? "rendering ..." : ("decode failed: " + error_).c_str());
  }
}

}  // namespace vlae::ui
