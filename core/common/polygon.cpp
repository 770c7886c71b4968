#include "core/common/polygon.h"

namespace vlae {

bool inside_polygon(const std::vector<Point2>& polygon, Point2 p) {
  if (polygon.size() < 3) return false;
  bool inside = false;
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const auto [xi, yi] = polygon[i];
    const auto [xj, yj] = polygon[j];
    // Does the edge (j, i) cross the horizontal ray to the right of p?
    if ((yi > p.second) != (yj > p.second) && p.first < (xj - xi) * (p.second - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

std::vector<size_t> points_inside(const std::vector<Point2>& polygon, const std::vector<Point2>& points) {
  std::vector<size_t> out;
  for (size_t i = 0; i < points.size(); ++i)
    if (inside_polygon(polygon, points[i])) out.push_back(i);
  return out;
}

}  // namespace vlae
