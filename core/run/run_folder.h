#pragma once
// A run folder's layout, named in one place and free of torch, so the explorer's UI code and the
// followers can use it: RUN/config.json (the resolved config), RUN/checkpoint.pt (the newest
// checkpoint) and RUN/checkpoint-<step>.pt (older ones kept), RUN/state.json (step, seed, wall
// time), RUN/metrics.jsonl (one line per logged step), RUN/hierarchy.jsonl (one line per hierarchy
// measurement while the run trained, when tracked), RUN/explorer.json (the explorer's sliders,
// locks and picks, restored when the run opens again).
#include <string>

namespace vlae {

struct RunPaths {
  std::string dir, config, checkpoint, state, metrics, hierarchy, explorer;
  explicit RunPaths(const std::string& run_dir);
};

// Whether DIR is a run folder: a folder holding config.json.
bool is_run_folder(const std::string& dir);

// Whether a file NAME (no folder) is one a run writes: the files above, numbered checkpoints, and
// the temporary files of atomic writes.
bool is_run_file(const std::string& name);

}  // namespace vlae
