#include "core/explore/principal_axes.h"

#include <cmath>

namespace vlae {

namespace {
using Matrix = std::vector<std::vector<double>>;

// The dominant eigenvector of a symmetric positive semi-definite matrix, and its eigenvalue.
std::vector<double> dominant(const Matrix& c, double& value) {
  const size_t d = c.size();
  std::vector<double> v(d, 1.0 / std::sqrt(double(d)));
  v[0] += 0.1;  // not orthogonal to the answer by accident of symmetry
  value = 0;
  for (int it = 0; it < 500; ++it) {
    std::vector<double> w(d, 0.0);
    for (size_t i = 0; i < d; ++i)
      for (size_t j = 0; j < d; ++j) w[i] += c[i][j] * v[j];
    double norm = 0;
    for (double x : w) norm += x * x;
    norm = std::sqrt(norm);
    if (norm < 1e-30) break;
    double change = 0;
    for (size_t i = 0; i < d; ++i) {
      change += std::fabs(w[i] / norm - v[i]);
      v[i] = w[i] / norm;
    }
    value = norm;
    if (change < 1e-10) break;
  }
  return v;
}
}  // namespace

PrincipalAxes principal_axes(const std::vector<std::vector<float>>& points) {
  PrincipalAxes out;
  const size_t d = points.empty() ? 0 : points.front().size();
  out.mean.assign(d, 0.0f);
  for (int a = 0; a < 2; ++a) {
    out.axes[size_t(a)].assign(d, 0.0f);
    if (size_t(a) < d) out.axes[size_t(a)][size_t(a)] = 1.0f;
  }
  if (points.size() < 2 || d < 2) return out;
  std::vector<double> mean(d, 0.0);
  for (const auto& p : points)
    for (size_t i = 0; i < d; ++i) mean[i] += p[i];
  for (double& m : mean) m /= double(points.size());
  Matrix c(d, std::vector<double>(d, 0.0));
  for (const auto& p : points)
    for (size_t i = 0; i < d; ++i)
      for (size_t j = 0; j < d; ++j) c[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]);
  for (auto& row : c)
    for (double& x : row) x /= double(points.size() - 1);
  for (size_t a = 0; a < 2; ++a) {
    double value = 0;
    const std::vector<double> v = dominant(c, value);
    out.variance[a] = value;
    for (size_t i = 0; i < d; ++i) out.axes[a][i] = float(v[i]);
    for (size_t i = 0; i < d; ++i)
      for (size_t j = 0; j < d; ++j) c[i][j] -= value * v[i] * v[j];  // deflate: the next axis is orthogonal
  }
  for (size_t i = 0; i < d; ++i) out.mean[i] = float(mean[i]);
  return out;
}

}  // namespace vlae
