#pragma once
// Tick positions and labels for plot axes: "nice" steps (1, 2, 5 x 10^k) for linear axes,
// powers of ten for log axes.
#include <string>
#include <vector>

namespace vlae::ui {

std::vector<double> linear_ticks(double lo, double hi, int max_ticks);
// lo, hi are log10 values; returns log10 values of the ticks.
std::vector<double> log_ticks(double lo, double hi, int max_ticks);
std::string tick_label(double value);         // 0.5, 12, 3.4k, 1.2M
std::string log_tick_label(double exponent);  // 0.01, 0.1, 1, 10, 100, 1e4

}  // namespace vlae::ui
