#pragma once
// The hierarchy report as a tab: per-layer bars for variation share, label-probe accuracy, KL and
// active units, measured on demand on a thread of its own (core/explore/report_job.h); and the
// hierarchy tracked over steps: while a run trains here it is measured whenever it has grown 10%
// (core/explore/hierarchy_tracker.h); a followed or viewed run shows its RUN/hierarchy.jsonl.
#include <cstdint>
#include <optional>
#include <string>

#include <memory>
#include <vector>

#include "core/explore/hierarchy_tracker.h"
#include "core/explore/report_job.h"
#include "ui/app/ui_context.h"
#include "ui/widgets/metric_series.h"

namespace vlae::ui {

class HierarchyTab {
 public:
  HierarchyTab();
  // One tab item inside the caller's tab bar.
  void draw(UiContext& ctx);

 private:
  void draw_bars(const HierarchyReport& r);
  void draw_standard_metrics(const DisentanglementReport& d);  // MIG, SAP, DCI and each factor's layer
  void export_json(UiContext& ctx);
  // Feeds the tracker (training here) or re-reads the history file (following); every frame.
  void track(UiContext& ctx);
  void rebuild_series(const std::vector<HierarchyPoint>& history);
  void draw_curves();
  const std::vector<HierarchyPoint>& history() const;

  uint64_t run_id_ = 0;
  ReportJob job_;
  ReportOptions options_;
  std::optional<HierarchyReport> report_;
  std::string error_, last_export_;
  double seconds_ = 0;

  bool tracking_ = true;  // measure while a run trains here
  std::unique_ptr<HierarchyTracker> tracker_;
  std::vector<HierarchyPoint> file_history_;  // a followed or viewed run's hierarchy.jsonl
  uintmax_t file_size_ = 0;
  int frames_since_read_ = 0;
  size_t series_points_ = 0;
  std::vector<MetricSeries> knn_, share_;  // per layer, over steps
};

}  // namespace vlae::ui
