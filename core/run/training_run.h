#pragma once
// A run folder with its trainer: creating or resuming one, logging metrics, saving checkpoints.
// Shared by `vlae train` and the GUI's TrainingSession so both write the same files.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/data/dataset.h"
#include "core/run/checkpoint.h"
#include "core/train/trainer.h"

namespace vlae {

struct TrainingRun {
  using Clock = std::chrono::steady_clock;

  RunPaths paths;
  std::shared_ptr<const Dataset> train_data, heldout_data;
  std::unique_ptr<Trainer> trainer;
  double wall_s = 0;                  // training wall time of the run, across processes
  int64_t saved_step = -1;            // step of the checkpoint on disk
  int64_t current_step_on_disk = -1;  // step held by a good checkpoint.pt; -1: none, or it is damaged
  std::string warning;                // set when resume fell back from a damaged checkpoint.pt
  int keep_checkpoints = -1;          // -1: train.keep_checkpoints of the config
  Clock::time_point last_save = Clock::now();
  // False on ranks other than 0 of a distributed run: they train alongside but write no file.
  bool writes_files = true;
  std::shared_ptr<DistGroup> dist;  // the ranks of a distributed run, or null

  explicit TrainingRun(const std::string& dir) : paths(dir) {}
  // checkpoint + state.json, both atomic; the previous checkpoint.pt is kept as a numbered file
  // and the oldest numbered ones beyond train.keep_checkpoints are deleted.
  void save();
  // A weights-only copy of this step under RUN/history/ (checkpoint_timeline.h).
  void save_history();
  void log(const MetricsRecord& record);
  bool has_unsaved_steps() const { return writes_files && trainer && trainer->step_count() != saved_step; }

  // Book-keeping after every step, shared by `vlae train` and the TrainingSession: wall time, the
  // images/s window, a metrics line when log_every divides the step (or `force_log`), and a
  // checkpoint when checkpoint_every does, a history copy at the history policy's steps. Returns the record when one
  // was logged.
  std::optional<MetricsRecord> after_step(const StepResult& r, bool force_log = false);
  // Starts the clocks afresh after a pause, so idle time counts neither as training time nor in images/s.
  void restart_clock();

 private:
  Clock::time_point window_start_ = Clock::now(), last_step_end_ = Clock::now();
  int64_t window_images_ = 0;
};

// New run in `dir` (refuses a folder that already holds one). Writes config.json at once.
// `dist`: this process is rank 0 of a distributed run (see core/run/distributed_run.h).
std::unique_ptr<TrainingRun> create_run(const std::string& dir, const RunConfig& config, const std::string& data_dir,
                                        torch::Device device, std::shared_ptr<DistGroup> dist = nullptr);
// Continues the run in `dir` from its checkpoint; metrics after the checkpoint's step are dropped.
// A damaged checkpoint.pt falls back to the newest numbered checkpoint that loads (run->warning says so).
std::unique_ptr<TrainingRun> resume_run(const std::string& dir, const std::string& data_dir, torch::Device device,
                                        std::shared_ptr<DistGroup> dist = nullptr);
// RUN/config.json of an existing run folder (refuses a missing folder or one that is not a run).
RunConfig load_run_folder_config(const std::string& dir);
// A rank other than 0 of a distributed run: rank 0's config, this machine's data, no run folder.
std::unique_ptr<TrainingRun> join_run(const RunConfig& config, const std::string& data_dir, torch::Device device,
                                      std::shared_ptr<DistGroup> dist);

}  // namespace vlae
