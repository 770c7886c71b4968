#pragma once
// The first two principal axes of a set of points (a latent layer's codes over a data set), for
// a 2-D pad that shows a wider layer. Torch-free.
#include <array>
#include <vector>

namespace vlae {

struct PrincipalAxes {
  std::vector<float> mean;
  std::array<std::vector<float>, 2> axes;  // unit length, orthogonal; the larger variance first
  std::array<double, 2> variance{0, 0};
};

// Power iteration on the covariance, the second axis after deflating the first. Fewer than two
// points or dims: axes along the first dims.
PrincipalAxes principal_axes(const std::vector<std::vector<float>>& points);

}  // namespace vlae
