#pragma once
// --bench-frames: frame work times (UI + render + swap, without the pacing wait) and the
// intervals between frames, reported as percentiles once enough frames were measured.
#include <algorithm>
#include <cstdio>
#include <vector>

class FrameBench {
 public:
  explicit FrameBench(int frames) : frames_(frames) {}
  bool enabled() const { return frames_ > 0; }
  bool done() const { return enabled() && int(work_ms_.size()) >= frames_; }

  void record(double start_s, double end_s) {
    work_ms_.push_back((end_s - start_s) * 1000.0);
    if (last_start_ >= 0) interval_ms_.push_back((start_s - last_start_) * 1000.0);
    last_start_ = start_s;
  }
  void report(long long steps) const {
    std::printf("frame_ms_p50 %.2f frame_ms_p99 %.2f\n", percentile(work_ms_, 50), percentile(work_ms_, 99));
    std::printf("frame_interval_ms_p50 %.2f frame_interval_ms_p99 %.2f frames %zu training_steps %lld\n",
                percentile(interval_ms_, 50), percentile(interval_ms_, 99), work_ms_.size(), steps);
    std::fflush(stdout);
  }

 private:
  static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5))];
  }
  int frames_;
  std::vector<double> work_ms_, interval_ms_;
  double last_start_ = -1;
};
