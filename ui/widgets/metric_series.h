#pragma once
// One curve of the loss plot: raw points, their EMA-smoothed values, and per-block min/max so a
// million points reduce to one vertical span per pixel column without touching every point.
#include <cstddef>
#include <vector>

namespace vlae::ui {

class MetricSeries {
 public:
  static constexpr size_t kBlock = 32;

  void clear();
  void push(double x, double y);
  // alpha in [0, 1): weight of the past in the exponential moving average (0 = raw values).
  void set_smoothing(double alpha);
  double smoothing() const { return alpha_; }

  size_t size() const { return x_.size(); }
  bool empty() const { return x_.empty(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& raw() const { return raw_; }
  const std::vector<double>& smoothed() const { return smooth_; }
  // Min and max of smoothed values with index in [i0, i1); i0 < i1 <= size().
  void minmax(size_t i0, size_t i1, double& lo, double& hi) const;

 private:
  void append_smoothed(double y);
  void rebuild_blocks();

  std::vector<double> x_, raw_, smooth_;
  std::vector<double> block_lo_, block_hi_;  // over smooth_, kBlock points each (the last may be partial)
  double alpha_ = 0;
  double ema_ = 0, weight_ = 0;  // running EMA and its normaliser (unbiased start)
};

// One pixel column of a decimated curve: the span of values drawn there, and the first and last
// values so neighbouring columns join as a line.
struct ColumnSpan {
  int column = 0;
  double lo = 0, hi = 0, first = 0, last = 0;
};

// Columns 0..columns-1 cover x in [x0, x1]; columns without points are skipped.
// With log_y the values are log10 (values <= floor are clamped to floor first).
std::vector<ColumnSpan> decimate(const MetricSeries& s, double x0, double x1, int columns, bool log_y,
                                 double floor = 1e-6);

}  // namespace vlae::ui
