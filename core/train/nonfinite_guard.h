#pragma once
// Counts non-finite steps in a row. The trainer already skips each such step and keeps the last
// good weights; one alone is noise, several in a row mean the run diverges and needs a lower rate.
#include <cstdint>
#include <cstdio>
#include <string>

namespace vlae {

constexpr int kMaxNonFiniteSteps = 5;

class NonFiniteGuard {
 public:
  // Returns true when this step makes kMaxNonFiniteSteps skipped steps in a row.
  bool note(bool applied) {
    in_a_row_ = applied ? 0 : in_a_row_ + 1;
    return in_a_row_ >= kMaxNonFiniteSteps;
  }
  int in_a_row() const { return in_a_row_; }

  // `step`: steps completed; `lr`: the rate in use, to suggest a tenth of it.
  static std::string message(int64_t step, double lr) {
    return std::to_string(kMaxNonFiniteSteps) + " non-finite steps in a row after step " + std::to_string(step) +
           " (NaN or Inf in the loss or a gradient; each was skipped and the last good weights kept): the learning "
           "rate " +
           number(lr) + " is probably too high, try a lower one such as " + number(lr / 10);
  }

 private:
  static std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  int in_a_row_ = 0;
};

}  // namespace vlae
