#include "core/run/checkpoint_view.h"

#include <filesystem>

#include "core/run/snapshot_info.h"
#include "core/run/run_folder.h"

namespace vlae {

CheckpointView::CheckpointView(const std::string& path) : snapshot_(snapshot_from_checkpoint(path)) {
  const SnapshotInfo info = snapshot_info(*snapshot_);
  config_ = info.config;
  checkpoint_ = info.checkpoint.empty() ? path : info.checkpoint;
  namespace fs = std::filesystem;
  const fs::path folder = fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path();
  // The folder's log may run past this checkpoint (an older numbered one): the curves show it all.
  records_ = read_metrics_file(RunPaths(folder.string()).metrics);
  status_.step = status_.saved_step = status_.target_step = info.step;
  status_.run_dir = folder.string();
  status_.last_saved_path = checkpoint_;
  if (!records_.empty()) status_.logged_step = records_.back().step;
}

std::vector<MetricsRecord> CheckpointView::metrics(size_t from, uint64_t& generation) const {
  generation = 0;
  if (from >= records_.size()) return {};
  return {records_.begin() + std::ptrdiff_t(from), records_.end()};
}

}  // namespace vlae
