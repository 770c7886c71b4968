#include "ui/panels/hierarchy_tab.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "core/explore/code_statistics.h"
#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "core/run/run_folder.h"
#include "core/run/run_source.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/panels/training_panel.h"
#include "ui/widgets/loss_plot.h"

namespace vlae::ui {

HierarchyTab::HierarchyTab() {
  // Smaller than the CLI's defaults so a click answers in seconds on a laptop; the tab says so.
  options_.bases = 16;
  options_.resamples = 8;
  options_.probe_train = 1000;
  options_.probe_test = 500;
  options_.metric_samples = 5000;
  options_.iw_samples = 16;  // 500 images x 16: seconds even for the full mnist preset
}

namespace {
// One labelled bar per layer, bottom -> top; `fraction` in [0, 1].
void bar_row(const char* metric, const HierarchyReport& r, const std::function<double(const LayerReport&)>& fraction,
             const std::function<std::string(const LayerReport&)>& label) {
  ImGui::TextUnformatted(metric);
  for (const LayerReport& l : r.layers) {
    ImGui::Text("  z%d", l.layer);
    ImGui::SameLine(px(48));
    ImGui::ProgressBar(float(std::clamp(fraction(l), 0.0, 1.0)), ImVec2(px(260), 0), label(l).c_str());
  }
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Each layer's dims as small bars of their KL, the largest first; a dim whose posterior mean does
// not vary over the data (an inactive unit) is drawn dimmed.
void kl_per_dim_rows(const HierarchyReport& r) {
  double max_kl = 1e-9;
  for (const LayerReport& l : r.layers)
    for (double v : l.kl_per_dim) max_kl = std::max(max_kl, v);
  ImGui::TextUnformatted("KL per dim, largest first (dimmed: inactive, posterior mean variance <= 0.01)");
  nlohmann::json dump = nlohmann::json::array();
  for (const LayerReport& l : r.layers) {
    ImGui::Text("  z%d", l.layer);
    const std::vector<int> order = dims_by_value(l.kl_per_dim);
    for (size_t i = 0; i < order.size() && i < 16; ++i) {
      const size_t d = size_t(order[i]);
      const bool active = d >= l.mean_variance_per_dim.size() || l.mean_variance_per_dim[d] > 0.01;
      ImGui::SameLine(i == 0 ? px(48) : 0.0f);
      if (!active) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.4f);
      ImGui::ProgressBar(float(std::clamp(l.kl_per_dim[d] / max_kl, 0.0, 1.0)), ImVec2(px(64), 0),
                         ("d" + std::to_string(d + 1) + fmt(" %.2f", l.kl_per_dim[d])).c_str());
      if (!active) ImGui::PopStyleVar();
    }
    if (order.size() > 16) {
      ImGui::SameLine();
      ImGui::TextDisabled("+%zu more", order.size() - 16);
    }
    dump.push_back(l.kl_per_dim);
  }
  layout_dump().state()["hierarchy_kl_per_dim"] = dump;
}
}  // namespace

void HierarchyTab::draw_bars(const HierarchyReport& r) {
  double max_kl = 1e-9;
  for (const LayerReport& l : r.layers) max_kl = std::max(max_kl, l.kl_nats);
  bar_row(
      "variation share (resample one layer, others fixed)", r, [](const LayerReport& l) { return l.variation_share; },
      [](const LayerReport& l) { return fmt("%.3f", l.variation_share); });
  layout_dump().item("hierarchy_bars");
  if (!r.layers.empty() && r.layers.front().knn_accuracy >= 0) {
    bar_row(
        "label probe: k-NN accuracy", r, [](const LayerReport& l) { return l.knn_accuracy; },
        [](const LayerReport& l) { return fmt("%.1f%%", 100 * l.knn_accuracy); });
    bar_row(
        "label probe: logistic regression accuracy", r, [](const LayerReport& l) { return l.logreg_accuracy; },
        [](const LayerReport& l) { return fmt("%.1f%%", 100 * l.logreg_accuracy); });
  } else {
    ImGui::TextDisabled("no labels in this data set: probes left out");
  }
  bar_row(
      "KL (nats, bar relative to the largest)", r, [max_kl](const LayerReport& l) { return l.kl_nats / max_kl; },
      [](const LayerReport& l) { return fmt("%.2f nats", l.kl_nats); });
  bar_row(
      "active units", r, [](const LayerReport& l) { return l.dims ? double(l.active_units) / l.dims : 0.0; },
      [](const LayerReport& l) { return std::to_string(l.active_units) + " of " + std::to_string(l.dims); });
  if (!r.layers.empty() && !r.layers.front().kl_per_dim.empty()) kl_per_dim_rows(r);
  if (r.iw_samples > 0) {
    ImGui::Text("held-out NLL %.2f nats per image (%.4f bits/dim)", r.nll_nats, r.bits_per_dim);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "importance-weighted bound (IWAE) with K = %d samples on %d held-out images; "
          "`vlae report` measures it with K = 32 on 1000",
          r.iw_samples, r.nll_images);
    layout_dump().state()["hierarchy_nll_nats"] = r.nll_nats;
  }
  for (const FactorReport& f : r.factors) {
    std::string accs;
    for (double a : f.knn_accuracy) accs += fmt(" %.0f%%", 100 * a);
    ImGui::Text("factor %s: best read by z%d (k-NN per layer:%s)", f.factor.c_str(), f.best_layer, accs.c_str());
  }
  if (r.has_disentanglement) draw_standard_metrics(r.disentanglement);
}

void HierarchyTab::draw_standard_metrics(const DisentanglementReport& d) {
  ImGui::Separator();
  ImGui::Text("standard metrics on all layers' posterior means (%d + %d held-out images)", d.samples_train,
              d.samples_test);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "MIG (Chen et al. 2018), SAP (Kumar et al. 2018), DCI (Eastwood & Williams 2018); "
        "docs/disentanglement-metrics.md says how each is computed");
  const std::pair<const char*, double> scores[] = {{"MIG", d.mig},
                                                   {"SAP", d.sap},
                                                   {"DCI disentanglement", d.dci.disentanglement},
                                                   {"DCI completeness", d.dci.completeness},
                                                   {"DCI informativeness", d.dci.informativeness}};
  for (const auto& [name, value] : scores) {
    ImGui::ProgressBar(float(std::clamp(value, 0.0, 1.0)), ImVec2(px(260), 0), fmt("%.3f", value).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(name);
  }
  layout_dump().item("hierarchy_metrics");
  for (const FactorLayers& f : d.factor_layers) {
    std::string shares;
    for (size_t l = 0; l < f.share.size(); ++l)
      shares += " z" + std::to_string(l + 1) + fmt(" %.0f%%", 100 * f.share[l]);
    if (f.layer > 0)
      ImGui::Text("factor %s: held by z%d (share of its DCI importance:%s)", f.factor.c_str(), f.layer, shares.c_str());
    else
      ImGui::TextDisabled("factor %s: no layer predicts it", f.factor.c_str());
  }
  auto& st = layout_dump().state();
  st["metric_mig"] = d.mig;
  st["metric_dci_disentanglement"] = d.dci.disentanglement;
}

void HierarchyTab::export_json(UiContext& ctx) {
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "hierarchy", "json");
    write_file_atomic(path, to_json(*report_).dump(2) + "\n");
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

const std::vector<HierarchyPoint>& HierarchyTab::history() const {
  if (tracker_) return tracker_->history();
  return file_history_;
}

void HierarchyTab::track(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  const RunSource* source = ws.source();
  if (!source) return;
  if (tracker_) {
    if (tracker_->collect() && !tracker_->error().empty())
      ctx.errors.add("hierarchy tracking: " + one_line(tracker_->error()));
    if (tracking_ && ws.status().state == RunState::Running)
      tracker_->offer(ws.current_snapshot(), ws.status().wall_s, ws.train(), ws.heldout());
    return;
  }
  // A followed run's file grows as its trainer measures; a viewed one is read once.
  if (frames_since_read_++ % 30 != 0) return;
  const std::string path = RunPaths(ws.status().run_dir).hierarchy;
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size == file_size_) return;
  file_size_ = size;
  file_history_ = read_hierarchy_history(path);
}

void HierarchyTab::rebuild_series(const std::vector<HierarchyPoint>& points) {
  if (points.size() == series_points_ && !(points.empty() && !knn_.empty())) return;
  series_points_ = points.size();
  const size_t layers = points.empty() ? 0 : points.back().report.layers.size();
  knn_.assign(layers, MetricSeries());
  share_.assign(layers, MetricSeries());
  for (const HierarchyPoint& p : points) {
    if (p.report.layers.size() != layers) continue;
    for (size_t l = 0; l < layers; ++l) {
      const LayerReport& lr = p.report.layers[l];
      if (lr.knn_accuracy >= 0) knn_[l].push(double(p.report.step), lr.knn_accuracy);
      share_[l].push(double(p.report.step), lr.variation_share);
    }
  }
}

void HierarchyTab::draw_curves() {
  if (share_.empty()) return;
  static const ImU32 colours[] = {IM_COL32(90, 170, 255, 255), IM_COL32(255, 170, 60, 255),
                                  IM_COL32(110, 220, 110, 255), IM_COL32(240, 90, 200, 255),
                                  IM_COL32(230, 230, 90, 255)};
  const auto curves = [&](const std::vector<MetricSeries>& series) {
    std::vector<PlotCurve> out;
    for (size_t l = 0; l < series.size(); ++l)
      if (!series[l].empty()) out.push_back({&series[l], "z" + std::to_string(l + 1), colours[l % 5], true, false});
    return out;
  };
  // Legend: one colour per layer, as in the curves below.
  for (size_t l = 0; l < share_.size(); ++l) {
    if (l > 0) ImGui::SameLine();
    const std::string name = "z" + std::to_string(l + 1) +
                             (l == 0                   ? " (bottom)"
                              : l + 1 == share_.size() ? " (top)"
                                                       : "");
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours[l % 5]), "%s", name.c_str());
  }
  const float width = std::min(ImGui::GetContentRegionAvail().x, 520.0f);
  PlotOptions options;
  const auto knn = curves(knn_);
  if (!knn.empty()) {
    ImGui::TextUnformatted("k-NN accuracy of each layer's code over steps (the top layer should take the digit)");
    draw_loss_plot("##hierarchy_knn", ImVec2(width, 150), knn, options);
    layout_dump().item("hierarchy_knn_plot");
  }
  ImGui::TextUnformatted("variation share of each layer over steps");
  draw_loss_plot("##hierarchy_share", ImVec2(width, 150), curves(share_), options);
  layout_dump().item("hierarchy_share_plot");
}

void HierarchyTab::draw(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_) {
    run_id_ = ws.run_id();
    report_.reset();
    error_.clear();
    file_history_.clear();
    file_size_ = 0;
    frames_since_read_ = 0;
    series_points_ = 0;
    knn_.clear();
    share_.clear();
    tracker_.reset();
    if (ws.source() && ws.source()->kind() == RunKind::Training)
      tracker_ = std::make_unique<HierarchyTracker>(RunPaths(ws.status().run_dir).hierarchy,
                                                    without_likelihood(ReportOptions{}), CpuShare::IdleOnly);
  }
  track(ctx);
  rebuild_series(history());
  auto& state = layout_dump().state();
  state["hierarchy_history"] = history().size();
  state["hierarchy_last_step"] = history().empty() ? -1 : history().back().report.step;
  state["hierarchy_tracking"] = tracker_ && tracking_;
  if (auto done = job_.take()) {
    error_ = done->error;
    seconds_ = done->seconds;
    if (done->error.empty())
      report_ = std::move(done->report);
    else
      ctx.errors.add("hierarchy report failed: " + one_line(done->error));
  }
  const bool open = begin_figure_tab(ctx.figure_tabs, "Hierarchy");
  layout_dump().item("tab_hierarchy");
  if (!open) return;
  if (ws.has_run()) {
    const bool busy = job_.running();
    ImGui::BeginDisabled(busy);
    if (ImGui::Button(report_ ? "Measure again" : "Measure")) {
      if (!job_.start(ws.current_snapshot(), ws.train(), ws.heldout(), options_)) error_ = "a measurement is running";
    }
    layout_dump().item("hierarchy_measure");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!report_);
    if (ImGui::Button("Export JSON")) export_json(ctx);
    layout_dump().item("hierarchy_export");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (busy)
      ImGui::TextDisabled("measuring ...");
    else if (report_)
      ImGui::TextDisabled("step %lld, %.1f s; probes fit on %d, scored on %d held-out images", (long long)report_->step,
                          seconds_, report_->probe_train, report_->probe_test);
    else
      ImGui::TextDisabled("which layer carries how much variation and which information (vlae report)");
    if (!last_export_.empty()) ImGui::TextDisabled("saved %s", last_export_.c_str());
    if (!error_.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error_.c_str());
    if (tracker_) {
      ImGui::Checkbox("track while training", &tracking_);
      layout_dump().item("hierarchy_track");
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tracker_->running() ? "measuring ..." : "measured whenever the run has grown 10%");
    }
    if (!history().empty()) {
      const HierarchyPoint& last = history().back();
      ImGui::TextDisabled("%zu measurements, the last at step %lld (%s of training)", history().size(),
                          (long long)last.report.step, format_duration(last.wall_s).c_str());
      draw_curves();
      ImGui::Separator();
    }
    if (report_) draw_bars(*report_);
    layout_dump().state()["report_step"] = report_ ? report_->step : -1;
    layout_dump().state()["report_running"] = busy;
  }
  ImGui::EndTabItem();
}

}  // namespace vlae::ui
