#include "ui/widgets/metric_series.h"

#include <algorithm>
#include <cmath>

namespace vlae::ui {

void MetricSeries::clear() {
  x_.clear();
  raw_.clear();
  smooth_.clear();
  block_lo_.clear();
  block_hi_.clear();
  ema_ = weight_ = 0;
}

void MetricSeries::append_smoothed(double y) {
  if (std::isfinite(y)) {
    ema_ = alpha_ * ema_ + (1 - alpha_) * y;
    weight_ = alpha_ * weight_ + (1 - alpha_);
  }
  // Dividing by the weight removes the pull towards 0 of the first points.
  const double s = weight_ > 0 ? ema_ / weight_ : y;
  const size_t i = smooth_.size();
  smooth_.push_back(s);
  if (i % kBlock == 0) {
    block_lo_.push_back(s);
    block_hi_.push_back(s);
  } else {
    block_lo_.back() = std::min(block_lo_.back(), s);
    block_hi_.back() = std::max(block_hi_.back(), s);
  }
}

void MetricSeries::push(double x, double y) {
  x_.push_back(x);
  raw_.push_back(y);
  append_smoothed(y);
}

void MetricSeries::set_smoothing(double alpha) {
  alpha = std::clamp(alpha, 0.0, 0.9999);
  if (alpha == alpha_) return;
  alpha_ = alpha;
  rebuild_blocks();
}

void MetricSeries::rebuild_blocks() {
  smooth_.clear();
  block_lo_.clear();
  block_hi_.clear();
  ema_ = weight_ = 0;
  for (double y : raw_) append_smoothed(y);
}

void MetricSeries::minmax(size_t i0, size_t i1, double& lo, double& hi) const {
  lo = hi = smooth_[i0];
  size_t i = i0;
  // Partial block at the start, whole blocks from their summaries, partial block at the end.
  while (i < i1 && i % kBlock != 0) {
    lo = std::min(lo, smooth_[i]);
    hi = std::max(hi, smooth_[i]);
    ++i;
  }
  while (i + kBlock <= i1) {
    lo = std::min(lo, block_lo_[i / kBlock]);
    hi = std::max(hi, block_hi_[i / kBlock]);
    i += kBlock;
  }
  for (; i < i1; ++i) {
    lo = std::min(lo, smooth_[i]);
    hi = std::max(hi, smooth_[i]);
  }
}

std::vector<ColumnSpan> decimate(const MetricSeries& s, double x0, double x1, int columns, bool log_y, double floor) {
  std::vector<ColumnSpan> out;
  if (s.empty() || columns <= 0 || !(x1 > x0)) return out;
  auto map = [&](double v) { return log_y ? std::log10(std::max(v, floor)) : v; };
  const auto& xs = s.x();
  const double dx = (x1 - x0) / columns;
  size_t i = size_t(std::lower_bound(xs.begin(), xs.end(), x0) - xs.begin());
  for (int c = 0; c < columns && i < xs.size(); ++c) {
    const double edge = c + 1 == columns ? x1 : x0 + (c + 1) * dx;
    // The last column includes x1 itself.
    const size_t end = c + 1 == columns ? size_t(std::upper_bound(xs.begin() + long(i), xs.end(), edge) - xs.begin())
                                        : size_t(std::lower_bound(xs.begin() + long(i), xs.end(), edge) - xs.begin());
    if (end > i) {
      double lo, hi;
      s.minmax(i, end, lo, hi);
      out.push_back({c, map(lo), map(hi), map(s.smoothed()[i]), map(s.smoothed()[end - 1])});
    }
    i = end;
  }
  return out;
}

}  // namespace vlae::ui
