#pragma once
// A line plot drawn with ImDrawList: curves decimated to one min/max span per pixel column,
// a left axis (linear or log) for the losses and a right axis for curves in [0, max] (beta),
// and a hover read-out of every visible curve at the step under the mouse.
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/widgets/metric_series.h"

namespace vlae::ui {

struct PlotCurve {
  const MetricSeries* series = nullptr;
  std::string name;
  ImU32 color = 0;
  bool visible = true;
  bool right_axis = false;  // drawn against the right axis, linear from 0
};

struct PlotOptions {
  bool log_y = false;
  std::string x_label = "step";
};

// Draws into a `size` area at the cursor. Returns true while the mouse hovers the plot.
bool draw_loss_plot(const char* id, ImVec2 size, const std::vector<PlotCurve>& curves, const PlotOptions& options);

}  // namespace vlae::ui
