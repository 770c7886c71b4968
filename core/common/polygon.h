#pragma once
// Which 2-D points a box or lasso encloses: a pad's selection of held-out dots.
#include <cstddef>
#include <utility>
#include <vector>

namespace vlae {

using Point2 = std::pair<float, float>;

// Even-odd rule; a polygon of fewer than three points encloses nothing.
bool inside_polygon(const std::vector<Point2>& polygon, Point2 p);
// The indices of `points` inside the polygon, in order.
std::vector<size_t> points_inside(const std::vector<Point2>& polygon, const std::vector<Point2>& points);

}  // namespace vlae
