#pragma once
// Training progress for the terminal: a redrawn bar on a TTY, plain lines otherwise (logs, CI).
#include <cstdint>
#include <string>

namespace vlae::cli {

class Progress {
 public:
  Progress(int64_t target_step, int batch);
  void update(int64_t step, double loss, double images_per_s);
  void finish();

 private:
  int64_t target_;
  int batch_;
  bool tty_;
  bool drawn_ = false;
};

std::string format_duration(double seconds);

}  // namespace vlae::cli
