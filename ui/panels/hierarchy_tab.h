#pragma once
// The hierarchy report as a tab: per-layer bars for variation share, label-probe accuracy, KL and
// active units, measured on demand on a thread of its own (core/explore/report_job.h).
#include <cstdint>
#include <optional>
#include <string>

#include "core/explore/report_job.h"
#include "ui/app/ui_context.h"

namespace vlae::ui {

class HierarchyTab {
 public:
  HierarchyTab();
  // One tab item inside the caller's tab bar.
  void draw(UiContext& ctx);

 private:
  void draw_bars(const HierarchyReport& r);
  void export_json(UiContext& ctx);

  uint64_t run_id_ = 0;
  ReportJob job_;
  ReportOptions options_;
  std::optional<HierarchyReport> report_;
  std::string error_, last_export_;
  double seconds_ = 0;
};

}  // namespace vlae::ui
