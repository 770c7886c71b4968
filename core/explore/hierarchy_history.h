#pragma once
// The hierarchy measured as a run trains: one hierarchy report per line of RUN/hierarchy.jsonl, with
// the training wall time it was taken at. The explorer's live curves, `vlae train
// --track-hierarchy` and `vlae bench --time-to-hierarchy` share these. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/explore/hierarchy_report.h"

namespace vlae {

struct HierarchyPoint {
  double wall_s = 0;       // the run's training time at report.step
  HierarchyReport report;  // report.step is the step measured
};

nlohmann::json to_json(const HierarchyPoint& p);
HierarchyPoint hierarchy_point_from_json(const nlohmann::json& j);

// Every whole line of the file; torn or damaged lines are skipped; a missing file is empty.
std::vector<HierarchyPoint> read_hierarchy_history(const std::string& path);
// Appends one line (and flushes it), so a follower sees whole lines only.
void append_hierarchy_point(const std::string& path, const HierarchyPoint& point);

// Whether a snapshot at `step` is worth measuring after the one at `last_measured` (-1: none yet):
// at least `growth` (10%) more steps, so measurements thin out as a run grows.
bool worth_measuring(int64_t step, int64_t last_measured, double growth = 0.10);

// The paper's MNIST hierarchy, as the mnist-quick preset must reach it: the top layer's k-NN
// accuracy at least 0.55, the bottom layer's at most 0.35, and no layer above 0.6 of the
// variation share. False for reports without labels or with fewer than two layers.
bool shows_label_hierarchy(const HierarchyReport& report);

}  // namespace vlae
