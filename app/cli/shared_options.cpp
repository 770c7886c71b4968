#include "app/cli/shared_options.h"

#include <cstdio>

#include "app/cli/option_ranges.h"
#include "core/common/cpu_plan.h"
#include "core/common/error.h"
#include "core/data/registry.h"

namespace vlae::cli {

void add_data_dir(CLI::App& cmd, std::string& dir) {
  cmd.add_option("--data-dir", dir, "Data folder (default $VLAE_DATA_DIR or ./data)");
}

std::string data_dir_or_default(const std::string& given) { return given.empty() ? default_data_dir() : given; }

void add_threads(CLI::App& cmd, int& threads, const std::string& help) {
  cmd.add_option("--threads", threads, help)->check(whole_number_in(1, kMaxThreads));
}

void use_threads(int threads) {
  if (threads == 0 || threads < -1) throw usage_error("--threads must be at least 1, not " + std::to_string(threads));
  apply_batch_cpu_plan(batch_cpu_plan(threads));
}

void add_json(CLI::App& cmd, bool& json, const std::string& help) { cmd.add_flag("--json", json, help); }

void add_fps(CLI::App& cmd, int& fps) {
  cmd.add_option("--fps", fps, "With --out FILE.gif or FILE.mp4: frames per second (default 12)")
      ->check(whole_number_in(1, 60));
}

int save_animation(const std::string& path, const Animation& a, int fps, const std::string& checkpoint, int64_t step) {
  write_animation(path, a, fps, checkpoint, step);
  std::printf("wrote %s (%zu frames of %dx%d at %d fps) and its .json sidecar\n", path.c_str(), a.frames.size(),
              a.frames.front().width, a.frames.front().height, fps);
  return 0;
}

}  // namespace vlae::cli
