#include "core/run/training_run.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint_history.h"
#include "core/run/checkpoint_timeline.h"

namespace vlae {
namespace fs = std::filesystem;

void TrainingRun::save() {
  if (!writes_files) return;
  const double wall = wall_s;
  const int64_t step = trainer->step_count();
  const int keep = keep_checkpoints > 0 ? keep_checkpoints : trainer->config().train.keep_checkpoints;
  if (keep > 1 && current_step_on_disk >= 0 && current_step_on_disk != step)
    keep_current_checkpoint(paths, current_step_on_disk);
  save_checkpoint(paths.checkpoint, trainer->config(), trainer->model(), trainer->optimizer(), step, wall);
  current_step_on_disk = saved_step = step;
  write_state_file(paths, trainer->config(), step, wall);
  last_save = Clock::now();
  prune_checkpoints(paths, keep);
}

void TrainingRun::save_history() {
  ensure_writable_dir(history_folder(paths));
  write_file_atomic(history_weights_path(paths, trainer->step_count()),
                    checkpoint_bytes(trainer->config(), trainer->model(), nullptr, trainer->step_count(), wall_s));
}

void TrainingRun::log(const MetricsRecord& record) {
  if (writes_files) append_metrics_line(paths.metrics, record);
}

void TrainingRun::restart_clock() {
  window_start_ = last_step_end_ = Clock::now();
  window_images_ = 0;
}

std::optional<MetricsRecord> TrainingRun::after_step(const StepResult& r, bool force_log) {
  const auto now = Clock::now();
  wall_s += std::chrono::duration<double>(now - last_step_end_).count();
  last_step_end_ = now;
  if (!r.applied || !writes_files) return std::nullopt;
  const TrainConfig& tc = trainer->config().train;
  window_images_ += tc.batch;
  std::optional<MetricsRecord> record;
  if (r.step % tc.log_every == 0 || force_log) {
    const double secs = std::chrono::duration<double>(now - window_start_).count();
    record = trainer->record(r, secs > 0 ? double(window_images_) / secs : 0.0, wall_s);
    log(*record);
    window_start_ = now;
    window_images_ = 0;
  }
  if (r.step % tc.checkpoint_every == 0) save();
  if (is_history_step(tc, r.step)) save_history();
  return record;
}

namespace {
std::unique_ptr<TrainingRun> open_with_data(const std::string& dir, const RunConfig& config,
                                            const std::string& data_dir, torch::Device device,
                                            std::shared_ptr<DistGroup> dist) {
  auto run = std::make_unique<TrainingRun>(dir);
  run->dist = std::move(dist);
  const ModelConfig& m = config.model;
  DataSplit split = load_data(config.data, data_dir, ImageShape{m.channels, m.height, m.width});
  run->train_data = std::make_shared<const Dataset>(std::move(split.train));
  run->heldout_data = std::make_shared<const Dataset>(std::move(split.heldout));
  run->trainer = std::make_unique<Trainer>(config, run->train_data, device, 2, run->dist);
  return run;
}

// checkpoint.pt, else the newest numbered checkpoint that loads. Returns false when there is none.
bool load_newest_good_checkpoint(TrainingRun& run, const RunConfig& config, torch::Device device) {
  std::vector<std::string> candidates;
  if (fs::exists(run.paths.checkpoint)) candidates.push_back(run.paths.checkpoint);
  for (const auto& [step, path] : numbered_checkpoints(run.paths)) candidates.push_back(path);
  if (candidates.empty()) return false;
  std::string first_error;
  for (const std::string& path : candidates) {
    try {
      Trainer& t = *run.trainer;
      const CheckpointPosition at = load_checkpoint_into(path, t.config(), t.model(), t.optimizer());
      t.set_step_count(at.step);
      run.wall_s = at.wall_s;
    } catch (const Error& e) {
      if (first_error.empty()) first_error = e.what();
      // A half-done load may have changed some tensors: start the next try from a fresh trainer.
      run.trainer = std::make_unique<Trainer>(config, run.train_data, device, 2, run.dist);
      continue;
    }
    run.saved_step = run.trainer->step_count();
    if (path == run.paths.checkpoint) {
      run.current_step_on_disk = run.saved_step;
    } else {
      run.warning = first_error + "; resuming from " + path + " (step " + std::to_string(run.saved_step) + ")";
    }
    return true;
  }
  throw Error(first_error);
}
}  // namespace

std::unique_ptr<TrainingRun> create_run(const std::string& dir, const RunConfig& config, const std::string& data_dir,
                                        torch::Device device, std::shared_ptr<DistGroup> dist) {
  validate(config, "config");
  const RunPaths paths(dir);
  if (fs::exists(paths.checkpoint) || fs::exists(paths.config))
    throw Error(dir + ": already holds a run; continue it with --resume " + dir + " or choose another --out");
  ensure_writable_dir(dir);
  auto run = open_with_data(dir, config, data_dir, device, std::move(dist));
  write_file_atomic(paths.config, to_json(config).dump(2) + "\n");
  write_file_atomic(paths.metrics, "");
  return run;
}

RunConfig load_run_folder_config(const std::string& dir) {
  const RunPaths paths(dir);
  if (!fs::is_directory(dir)) throw Error(dir + ": no such run folder");
  if (!fs::exists(paths.config)) throw Error(dir + ": not a run folder (no config.json)");
  return load_run_config(paths.config);
}

std::unique_ptr<TrainingRun> resume_run(const std::string& dir, const std::string& data_dir, torch::Device device,
                                        std::shared_ptr<DistGroup> dist) {
  const RunPaths paths(dir);
  const RunConfig config = load_run_folder_config(dir);
  auto run = open_with_data(dir, config, data_dir, device, std::move(dist));
  remove_stale_temp_files(paths);
  if (!load_newest_good_checkpoint(*run, config, device))
    run->saved_step = 0;  // interrupted before the first checkpoint: start over from step 0
  // A kill between keeping the old checkpoint and pruning leaves one too many; never after a
  // fallback, where the checkpoint just loaded may be the oldest good one.
  if (run->warning.empty()) prune_checkpoints(paths, config.train.keep_checkpoints);
  truncate_metrics_after(paths.metrics, run->trainer->step_count());
  return run;
}

std::unique_ptr<TrainingRun> join_run(const RunConfig& config, const std::string& data_dir, torch::Device device,
                                      std::shared_ptr<DistGroup> dist) {
  validate(config, "rank 0's config");
  auto run = open_with_data("", config, data_dir, device, std::move(dist));
  run->writes_files = false;
  return run;
}

}  // namespace vlae
