#include "app/cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace vlae::cli {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const int64_t s = int64_t(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", (long long)(s / 3600), (long long)(s / 60 % 60));
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
  return buf;
}

Progress::Progress(int64_t target_step, int batch)
    : target_(target_step), batch_(batch), tty_(::isatty(STDOUT_FILENO) == 1) {}

void Progress::update(int64_t step, double loss, double images_per_s) {
  const double frac = target_ > 0 ? double(step) / double(target_) : 1.0;
  const double steps_left = double(target_ - step);
  char line[256];
  const std::string eta = images_per_s > 0 && batch_ > 0 ? format_duration(steps_left * batch_ / images_per_s) : "--";
  if (tty_) {
    const int width = 24, filled = int(std::lround(frac * width));
    std::string bar(size_t(filled), '#');
    bar.resize(width, '.');
    std::snprintf(line, sizeof line, "\r[%s] step %lld/%lld  loss %.3f  %.0f img/s  ETA %s ", bar.c_str(),
                  (long long)step, (long long)target_, loss, images_per_s, eta.c_str());
    std::fputs(line, stdout);
    drawn_ = true;
  } else {
    std::snprintf(line, sizeof line, "step %lld/%lld loss %.4f images/s %.1f eta %s\n", (long long)step,
                  (long long)target_, loss, images_per_s, eta.c_str());
    std::fputs(line, stdout);
  }
  std::fflush(stdout);
}

void Progress::finish() {
  if (tty_ && drawn_) std::fputs("\n", stdout);
  std::fflush(stdout);
}

}  // namespace vlae::cli
