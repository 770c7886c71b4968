// The loss plot's data path without a window: EMA smoothing, min/max decimation per pixel
// column (checked against brute force, and timed on a million points), axis ticks.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <random>

#include "ui/widgets/axis_ticks.h"
#include "ui/widgets/metric_series.h"

using namespace vlae::ui;

TEST_CASE("smoothing starts unbiased and follows the raw values") {
  MetricSeries s;
  s.set_smoothing(0.9);
  for (int i = 0; i < 5; ++i) s.push(i, 10.0);
  for (double v : s.smoothed()) CHECK(v == doctest::Approx(10.0));  // no pull towards 0 at the start
  s.set_smoothing(0.0);
  s.push(5, 20.0);
  CHECK(s.smoothed().back() == 20.0);
}

TEST_CASE("decimation keeps every column's min and max") {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 1);
  MetricSeries s;
  const int n = 10007;
  for (int i = 0; i < n; ++i) s.push(i * 2.0, 100 + 10 * std::sin(i * 0.01) + noise(rng));
  const int columns = 337;
  const double x0 = 500, x1 = 15000;
  auto spans = decimate(s, x0, x1, columns, false);
  REQUIRE(!spans.empty());
  for (const auto& c : spans) {
    // Brute force over the points that fall in this column.
    const double lo_x = x0 + (x1 - x0) * c.column / columns, hi_x = x0 + (x1 - x0) * (c.column + 1) / columns;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < s.size(); ++i) {
      const double x = s.x()[i];
      const bool inside = x >= lo_x && (c.column + 1 == columns ? x <= hi_x : x < hi_x);
      if (inside) {
        lo = std::min(lo, s.smoothed()[i]);
        hi = std::max(hi, s.smoothed()[i]);
      }
    }
    CHECK(c.lo == lo);
    CHECK(c.hi == hi);
  }
}

TEST_CASE("log decimation clamps non-positive values") {
  MetricSeries s;
  s.push(0, 0.0);
  s.push(1, 100.0);
  auto spans = decimate(s, 0, 1, 1, true);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].lo == doctest::Approx(-6));
  CHECK(spans[0].hi == doctest::Approx(2));
}

TEST_CASE("a million points decimate in a few milliseconds") {
  MetricSeries s;
  s.set_smoothing(0.6);
  for (int i = 0; i < 1000000; ++i) s.push(i, 1.0 / (1 + i * 1e-4));
  const auto t0 = std::chrono::steady_clock::now();
  size_t drawn = 0;
  for (int rep = 0; rep < 10; ++rep) drawn += decimate(s, 0, 999999, 1200, rep % 2).size();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 10;
  MESSAGE("decimate 1e6 points to 1200 columns: " << ms << " ms");
  CHECK(drawn == 12000);
  CHECK(ms < 20.0);  // measured ~0.2 ms; generous for a loaded machine
}

TEST_CASE("axis ticks are round numbers inside the range") {
  auto t = linear_ticks(0.13, 0.97, 6);
  REQUIRE(t.size() >= 3);
  for (double v : t) {
    CHECK(v >= 0.13);
    CHECK(v <= 0.97 + 1e-12);
  }
  CHECK(t[1] - t[0] == doctest::Approx(0.2));
  auto l = log_ticks(-2.3, 3.1, 8);
  CHECK(l.front() == -2);
  CHECK(l.back() == 3);
  CHECK(tick_label(25000) == "25k");
  CHECK(log_tick_label(-2) == "0.01");
  CHECK(log_tick_label(6) == "1e6");
}
