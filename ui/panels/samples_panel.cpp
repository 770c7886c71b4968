#include "ui/panels/samples_panel.h"

#include <imgui.h>

#include <algorithm>

#include "core/explore/grid_file.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {
namespace {
constexpr double kRefreshSeconds = 3.0;
}

void SamplesPanel::draw_grid(UiContext& ctx, GridView& g, DecodeKind kind, const char* stem) {
  Workspace& ws = ctx.workspace;
  DecodeService* dec = ws.decoder();
  if (!dec) return;
  if (auto r = dec->take(g.slot)) {
    g.error = r->error;
    if (r->error.empty()) {
      g.view->set_image(r->image);
      g.shown = std::move(r);
    }
  }
  const bool needs_data = kind == DecodeKind::Reconstructions;
  if (needs_data && !ws.heldout()) {
    ImGui::TextDisabled("no held-out data: %s", ws.note().c_str());
    return;
  }
  const bool samples = kind == DecodeKind::Samples;
  const bool changed = !g.submitted_once || g.submitted_n != n_ || g.submitted_seed != seed_ ||
                       (samples && g.submitted_temperature != temperature_);
  // Weights a user picked on the timeline show at once; those training publishes at this pace.
  const bool newer = ws.snapshot_id() != g.submitted_snapshot &&
                     (ctx.now - g.submitted_at >= kRefreshSeconds || ws.pick_id() != g.submitted_pick);
  if (changed || newer) {
    DecodeRequest req;
    req.kind = kind;
    req.n = n_;
    req.seed = seed_;
    if (samples) req.temperature.assign(temperature_.begin(), temperature_.end());
    if (needs_data) req.data = ws.heldout();
    dec->submit(g.slot, req);
    g.submitted_once = true;
    g.submitted_n = n_;
    g.submitted_seed = seed_;
    g.submitted_temperature = temperature_;
    g.submitted_snapshot = ws.snapshot_id();
    g.submitted_pick = ws.pick_id();
    g.submitted_at = ctx.now;
  }
  ImGui::BeginDisabled(!g.shown);
  const bool export_pressed = ImGui::Button("Export PNG");
  layout_dump().item(std::string("export_") + stem);
  if (export_pressed) {
    try {
      const std::string path = next_numbered_path(ctx.exports_dir, stem);
      write_grid(path, Grid{g.shown->image, g.shown->rows, g.shown->cols, g.shown->sidecar}, g.shown->checkpoint,
                 g.shown->snapshot_step);
      last_export_ = path;
    } catch (const std::exception& e) {
      ctx.errors.add("export failed: " + one_line(e.what()));
    }
  }
  ImGui::EndDisabled();
  if (g.shown) {
    ImGui::SameLine();
    ImGui::TextDisabled("step %lld", (long long)g.shown->snapshot_step);
  }
  if (!last_export_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("saved %s", last_export_.c_str());
  }
  if (g.view->has_image()) {
    const Image& img = g.view->image();
    const int zoom = fit_zoom(img.width, img.height, ImGui::GetContentRegionAvail());
    image_widget(stem, *g.view, ctx.image_program, ImVec2(float(img.width * zoom), float(img.height * zoom)),
                 display_for_range(ws.config()->model.pixel_range), g.error.empty() ? "" : "decode failed: " + g.error);
    layout_dump().item(std::string("grid_") + stem);
  } else {
    ImGui::TextDisabled(g.error.empty() ? "rendering ..." : ("decode failed: " + g.error).c_str());
  }
}

void SamplesPanel::draw_controls() {
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("n", &n_, 2, 16);
  ImGui::SameLine();
  if (ImGui::Button("New draw")) ++seed_;
  ImGui::SameLine();
  ImGui::TextDisabled("seed %llu", (unsigned long long)seed_);
}

void SamplesPanel::draw_temperatures(int layers) {
  if (int(temperature_.size()) != layers) temperature_.assign(size_t(layers), 1.0f);
  ImGui::TextDisabled("temperature: each layer's draw scaled (0: the prior's mean)");
  for (int l = layers - 1; l >= 0; --l) {
    const std::string label = "z" + std::to_string(l + 1), id = "samples_temperature_l" + std::to_string(l + 1);
    ImGui::PushID(id.c_str());
    ImGui::SetNextItemWidth(px(160));
    ImGui::SliderFloat(label.c_str(), &temperature_[size_t(l)], 0.0f, 2.0f, "%.2f");
    layout_dump().item(id);
    ImGui::SameLine();
    if (ImGui::SmallButton("1")) temperature_[size_t(l)] = 1.0f;
    ImGui::PopID();
  }
  layout_dump().state()["samples_temperature"] = temperature_;
}

void SamplesPanel::draw_tabs(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    for (GridView* g : {&samples_, &recon_}) {
      g->view = std::make_unique<ImageView>();
      g->shown.reset();
      g->error.clear();
      g->submitted_once = false;
    }
  }
  // Only the visible tab asks the decoder for work.
  const bool samples_open = begin_figure_tab(ctx.figure_tabs, "Samples");
  layout_dump().item("tab_samples");
  if (samples_open) {
    if (ws.has_run()) {
      draw_controls();
      draw_temperatures(ws.config()->model.layers());
      draw_grid(ctx, samples_, DecodeKind::Samples, "samples");
    }
    ImGui::EndTabItem();
  }
  if (begin_figure_tab(ctx.figure_tabs, "Reconstructions")) {
    if (ws.has_run()) {
      draw_controls();
      draw_grid(ctx, recon_, DecodeKind::Reconstructions, "reconstructions");
    }
    ImGui::EndTabItem();
  }
}

void SamplesPanel::save_state(nlohmann::json& state) const {
  state["samples"] = {{"n", n_}, {"seed", seed_}, {"temperature", temperature_}};
}

void SamplesPanel::restore_state(const nlohmann::json& state) {
  if (!state.contains("samples") || !state["samples"].is_object()) return;
  try {
    n_ = std::clamp(state["samples"].value("n", n_), 2, 16);
    seed_ = state["samples"].value("seed", seed_);
    std::vector<float> t = state["samples"].value("temperature", temperature_);
    for (float& v : t) v = std::clamp(v, 0.0f, 2.0f);
    temperature_ = t;
  } catch (const std::exception&) {
    // Keys of the wrong type: the defaults stay.
  }
}

}  // namespace vlae::ui
