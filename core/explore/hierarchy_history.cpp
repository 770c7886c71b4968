#include "core/explore/hierarchy_history.h"

#include <cmath>

#include "core/io/json_lines.h"

namespace vlae {

using nlohmann::json;

json to_json(const HierarchyPoint& p) {
  json j = to_json(p.report);
  j["wall_s"] = p.wall_s;
  return j;
}

HierarchyPoint hierarchy_point_from_json(const json& j) {
  HierarchyPoint p;
  p.wall_s = j.value("wall_s", 0.0);
  p.report = hierarchy_report_from_json(j);
  return p;
}

std::vector<HierarchyPoint> read_hierarchy_history(const std::string& path) {
  std::vector<HierarchyPoint> out;
  for_each_json_line(path, [&](const json& j) { out.push_back(hierarchy_point_from_json(j)); });
  return out;
}

void append_hierarchy_point(const std::string& path, const HierarchyPoint& point) {
  append_json_line(path, to_json(point), "the hierarchy measurement");
}

bool worth_measuring(int64_t step, int64_t last_measured, double growth) {
  if (step <= 0) return false;
  if (last_measured < 0) return true;
  return double(step) >= std::ceil(double(last_measured) * (1.0 + growth)) && step > last_measured;
}

bool shows_label_hierarchy(const HierarchyReport& r) {
  if (r.layers.size() < 2) return false;
  const LayerReport &bottom = r.layers.front(), &top = r.layers.back();
  if (top.knn_accuracy < 0 || bottom.knn_accuracy < 0) return false;
  for (const LayerReport& l : r.layers)
    if (l.variation_share > 0.6) return false;
  return top.knn_accuracy >= 0.55 && bottom.knn_accuracy <= 0.35;
}

}  // namespace vlae
