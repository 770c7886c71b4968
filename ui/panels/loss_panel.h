#pragma once
// Loss curves: total, reconstruction, KL of each layer and beta against the step, fed from the
// session's metrics (and the run's metrics.jsonl when it was resumed or only viewed).
#include <string>
#include <vector>

#include "ui/app/ui_context.h"
#include "ui/widgets/metric_series.h"

namespace vlae::ui {

class LossPanel {
 public:
  void draw(UiContext& ctx);

 private:
  void sync(UiContext& ctx);
  void clear_series();
  void add(const MetricsRecord& r);
  void export_csv(UiContext& ctx);

  uint64_t run_id_ = 0;
  size_t consumed_ = 0;          // session (or followed log) metrics taken so far
  uint64_t log_generation_ = 0;  // of the run's log; a new one means it was rewritten
  MetricSeries total_, recon_, beta_;
  std::vector<MetricSeries> kl_;
  std::vector<bool> visible_;  // total, recon, beta, kl...
  bool log_y_ = true;
  float smoothing_ = 0.6f;
  std::string last_export_;
};

}  // namespace vlae::ui
