#pragma once
// Older checkpoints kept beside RUN/checkpoint.pt as RUN/checkpoint-<step>.pt, so a checkpoint.pt
// damaged after it was written (disk, copy, hand edit) still leaves a recent good one to resume.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/run/run_folder.h"

namespace vlae {

std::string numbered_checkpoint_path(const RunPaths& paths, int64_t step);
// HEAD<digits>TAIL -> the number; any other file name -> -1.
int64_t step_in_file_name(const std::string& name, const std::string& head, const std::string& tail);
// "checkpoint-00000120.pt" -> 120; any other file name -> -1.
int64_t numbered_checkpoint_step(const std::string& name);
// (step, path) of every numbered checkpoint in the run folder, newest first.
std::vector<std::pair<int64_t, std::string>> numbered_checkpoints(const RunPaths& paths);
// Keeps the current checkpoint.pt (of `step`) under its number before it is replaced. A hard link:
// checkpoint.pt itself never goes missing, not even for a moment.
void keep_current_checkpoint(const RunPaths& paths, int64_t step);
// Deletes the oldest numbered checkpoints until checkpoint.pt and keep - 1 numbered ones remain.
void prune_checkpoints(const RunPaths& paths, int keep);
// Temp files of a writer killed mid-write (checkpoint.pt.tmp..., state.json.tmp...).
void remove_stale_temp_files(const RunPaths& paths);

}  // namespace vlae
