#include "ui/widgets/axis_ticks.h"

#include <cmath>
#include <cstdio>

namespace vlae::ui {

std::vector<double> linear_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_ticks < 2) return ticks;
  const double raw = (hi - lo) / (max_ticks - 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_ticks < 2) return ticks;
  const int first = int(std::ceil(lo - 1e-9)), last = int(std::floor(hi + 1e-9));
  const int every = std::max(1, (last - first + 1 + max_ticks - 1) / max_ticks);
  for (int e = first; e <= last; ++e)
    if ((e - first) % every == 0) ticks.push_back(e);
  // Under one decade: fall back to linear ticks in value space, returned as log10.
  if (ticks.size() < 2) {
    ticks.clear();
    for (double v : linear_ticks(std::pow(10.0, lo), std::pow(10.0, hi), max_ticks))
      if (v > 0) ticks.push_back(std::log10(v));
  }
  return ticks;
}

std::string tick_label(double v) {
  char buf[32];
  const double a = std::abs(v);
  if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string log_tick_label(double exponent) {
  const double v = std::pow(10.0, exponent);
  char buf[32];
  if (exponent >= -3 && exponent <= 4)
    std::snprintf(buf, sizeof buf, "%.4g", v);
  else
    std::snprintf(buf, sizeof buf, "1e%d", int(std::lround(exponent)));
  return buf;
}

}  // namespace vlae::ui
