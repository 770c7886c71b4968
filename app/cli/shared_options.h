#pragma once
// Options several `vlae` subcommands share, defined once, and what they set up when a command runs.
#include <CLI/CLI.hpp>

#include <string>

#include "core/explore/animation.h"

namespace vlae::cli {

// --data-dir DIR; data_dir_or_default() turns "not given" into $VLAE_DATA_DIR or ./data.
void add_data_dir(CLI::App& cmd, std::string& dir);
std::string data_dir_or_default(const std::string& given);

// --threads N for LibTorch's intra-op pool; -1 (not given) means every core.
void add_threads(CLI::App& cmd, int& threads, const std::string& help = "Intra-op threads (default: all cores)");
// Applies the batch CPU plan for `threads` (see core/common/cpu_plan.h); call before any work.
void use_threads(int threads);

void add_json(CLI::App& cmd, bool& json, const std::string& help = "Print JSON");

// --fps F for animated exports (1 to 60, default as set in `fps`).
void add_fps(CLI::App& cmd, int& fps);
// Writes the animation and its sidecar (write_animation) and says so: "wrote t.gif (26 frames of
// 700x100 at 12 fps) and its .json sidecar". Returns the exit status, 0.
int save_animation(const std::string& path, const Animation& a, int fps, const std::string& checkpoint, int64_t step);

}  // namespace vlae::cli
