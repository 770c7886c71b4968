#include "ui/panels/gibbs_tab.h"

#include <imgui.h>

#include <algorithm>

#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {
namespace {
constexpr double kPlayInterval = 0.05;  // seconds between steps while playing (when the last one is back)
}

void GibbsTab::take_result(DecodeService& dec) {
  auto r = dec.take(SlotGibbs);
  if (!r) return;
  if (r->generation >= waiting_for_) waiting_ = false;
  error_ = r->error;
  if (r->error.empty()) {
    view_->set_image(r->image);
    shown_ = std::move(r);
  } else {
    playing_ = false;
  }
}

void GibbsTab::draw_controls(UiContext& ctx) {
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("chains", &chains_, 2, 12);
  ImGui::SameLine();
  if (ImGui::RadioButton("from data", from_data_)) from_data_ = true;
  layout_dump().item("gibbs_from_data");
  ImGui::SameLine();
  if (ImGui::RadioButton("from noise", !from_data_)) from_data_ = false;
  layout_dump().item("gibbs_from_noise");
  if (ImGui::Button("Step")) ++target_;
  layout_dump().item("gibbs_step");
  ImGui::SameLine();
  if (ImGui::Button(playing_ ? "Pause##gibbs" : "Play##gibbs")) playing_ = !playing_;
  layout_dump().item("gibbs_play");
  ImGui::SameLine();
  if (ImGui::Button("Restart")) {
    target_ = 0;
    ++seed_;
    playing_ = false;
  }
  layout_dump().item("gibbs_restart");
  ImGui::SameLine();
  ImGui::Text("step %lld", (long long)(shown_ ? shown_->gibbs_step : 0));
  if (playing_ && !waiting_ && ctx.now - last_advance_ >= kPlayInterval) {
    ++target_;
    last_advance_ = ctx.now;
  }
}

void GibbsTab::draw(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_ || !view_) {
    run_id_ = ws.run_id();
    view_ = std::make_unique<ImageView>();
    shown_.reset();
    error_.clear();
    target_ = 0;
    playing_ = waiting_ = false;
    sent_target_ = -1;
  }
  const bool open = begin_figure_tab(ctx.figure_tabs, "Gibbs chain");
  layout_dump().item("tab_gibbs");
  if (!open) return;
  DecodeService* dec = ws.decoder();
  if (ws.has_run() && dec) {
    take_result(*dec);
    if (from_data_ && !ws.heldout()) from_data_ = false;  // nothing to start from
    draw_controls(ctx);
    const bool changed =
        chains_ != sent_chains_ || from_data_ != sent_from_data_ || seed_ != sent_seed_ || target_ != sent_target_;
    if (changed && !waiting_) {
      DecodeRequest req;
      req.kind = DecodeKind::Gibbs;
      req.n = chains_;
      req.seed = seed_;
      req.from_data = from_data_;
      req.gibbs_steps = target_;
      if (from_data_) req.data = ws.heldout();
      waiting_for_ = dec->submit(SlotGibbs, req);
      waiting_ = true;
      sent_chains_ = chains_;
      sent_from_data_ = from_data_;
      sent_seed_ = seed_;
      sent_target_ = target_;
    }
    ImGui::TextDisabled("z1 ~ q(z1|x), x <- mean of p(x|z1). Top row: start; bottom row: now.%s",
                        ws.config()->model.model == "vlae" ? " (VLAE: upper layers held at the start's codes)" : "");
    if (view_->has_image()) {
      const Image& img = view_->image();
      const int zoom = fit_zoom(img.width, img.height, ImGui::GetContentRegionAvail());
      image_widget("gibbs", *view_, ctx.image_program, ImVec2(float(img.width * zoom), float(img.height * zoom)),
                   display_for_range(ws.config()->model.pixel_range), error_.empty() ? "" : "gibbs failed: " + error_);
      layout_dump().item("gibbs_image");
    } else {
      ImGui::TextDisabled("%s", error_.empty() ? "rendering ..." : ("gibbs failed: " + error_).c_str());
    }
    layout_dump().state()["gibbs_step"] = shown_ ? shown_->gibbs_step : -1;
    layout_dump().state()["gibbs_playing"] = playing_;
    layout_dump().state()["gibbs_chains"] = chains_;
  }
  ImGui::EndTabItem();
}

void GibbsTab::save_state(nlohmann::json& state) const {
  state["gibbs"] = {{"chains", chains_}, {"from_data", from_data_}, {"seed", seed_}};
}

void GibbsTab::restore_state(const nlohmann::json& state) {
  if (!state.contains("gibbs") || !state["gibbs"].is_object()) return;
  try {
    const nlohmann::json& g = state["gibbs"];
    chains_ = std::clamp(g.value("chains", chains_), 2, 12);
    from_data_ = g.value("from_data", from_data_);
    seed_ = g.value("seed", seed_);
  } catch (const std::exception&) {
    // Keys of the wrong type: the defaults stay.
  }
}

}  // namespace vlae::ui
