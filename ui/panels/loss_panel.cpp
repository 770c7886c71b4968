#include "ui/panels/loss_panel.h"

#include <cstdio>

#include <imgui.h>

#include "ui/app/ui_scale.h"
#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/widgets/loss_plot.h"

namespace vlae::ui {
namespace {
const ImU32 kLayerColors[] = {IM_COL32(255, 150, 60, 255), IM_COL32(120, 220, 110, 255), IM_COL32(230, 100, 220, 255),
                              IM_COL32(250, 230, 90, 255), IM_COL32(120, 170, 255, 255), IM_COL32(255, 110, 110, 255)};
}

void LossPanel::add(const MetricsRecord& r) {
  const double x = double(r.step);
  total_.push(x, r.loss);
  recon_.push(x, r.recon);
  beta_.push(x, r.beta);
  if (kl_.size() < r.kl.size()) kl_.resize(r.kl.size());
  for (size_t l = 0; l < r.kl.size(); ++l) {
    kl_[l].set_smoothing(smoothing_);  // a no-op unless the series is new
    kl_[l].push(x, r.kl[l]);
  }
}

void LossPanel::clear_series() {
  consumed_ = 0;
  total_.clear();
  recon_.clear();
  beta_.clear();
  kl_.clear();
}

void LossPanel::sync(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    clear_series();
    log_generation_ = 0;
  }
  const RunSource* source = ws.source();
  if (!source) return;
  uint64_t generation = 0;
  auto fresh = source->metrics(consumed_, generation);
  if (generation != log_generation_) {  // a followed trainer resumed and cut its log back
    clear_series();
    log_generation_ = generation;
    fresh = source->metrics(0, generation);
  }
  consumed_ += fresh.size();
  for (const auto& r : fresh) add(r);
}

void LossPanel::export_csv(UiContext& ctx) {
  std::string csv = "step,loss,recon";
  for (size_t l = 0; l < kl_.size(); ++l) csv += ",kl_" + std::to_string(l + 1);
  csv += ",beta\n";
  char buf[64];
  for (size_t i = 0; i < total_.size(); ++i) {
    csv += std::to_string(int64_t(total_.x()[i]));
    auto put = [&](const MetricSeries& s) {
      std::snprintf(buf, sizeof buf, ",%.9g", i < s.size() ? s.raw()[i] : 0.0);
      csv += buf;
    };
    put(total_);
    put(recon_);
    for (const auto& k : kl_) put(k);
    put(beta_);
    csv += '\n';
  }
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "losses", "csv");
    write_file_atomic(path, csv);
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

void LossPanel::draw(UiContext& ctx) {
  sync(ctx);
  ImGui::Checkbox("log y", &log_y_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(140));
  ImGui::SliderFloat("smoothing", &smoothing_, 0.0f, 0.99f, "%.2f");
  // Re-smoothing is a no-op unless the slider moved.
  total_.set_smoothing(smoothing_);
  recon_.set_smoothing(smoothing_);
  for (auto& k : kl_) k.set_smoothing(smoothing_);
  ImGui::SameLine();
  ImGui::BeginDisabled(total_.empty());
  if (ImGui::Button("Export CSV")) export_csv(ctx);
  layout_dump().item("loss_export_csv");
  ImGui::EndDisabled();
  if (!last_export_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", last_export_.c_str());
  }

  // Legend: a checkbox per curve, in the curve's colour.
  std::vector<PlotCurve> curves;
  curves.push_back({&total_, "loss", IM_COL32(235, 235, 235, 255)});
  curves.push_back({&recon_, "recon", IM_COL32(80, 200, 240, 255)});
  for (size_t l = 0; l < kl_.size(); ++l)
    curves.push_back({&kl_[l], "KL z" + std::to_string(l + 1), kLayerColors[l % 6]});
  curves.push_back({&beta_, "beta", IM_COL32(160, 160, 160, 255), true, true});
  if (visible_.size() != curves.size()) visible_.assign(curves.size(), true);
  for (size_t i = 0; i < curves.size(); ++i) {
    if (i) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, curves[i].color);
    bool v = visible_[i];
    if (ImGui::Checkbox(curves[i].name.c_str(), &v)) visible_[i] = v;
    ImGui::PopStyleColor();
    curves[i].visible = visible_[i];
  }
  PlotOptions options;
  options.log_y = log_y_;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  draw_loss_plot("##losses", ImVec2(avail.x, std::max(120.0f, avail.y)), curves, options);
  layout_dump().item("loss_plot");
  layout_dump().state()["metrics_points"] = total_.size();
}

}  // namespace vlae::ui
