#pragma once
// TrainingSession: a run trained on a background thread, steered by commands that take effect
// between steps. Torch-free header (pimpl) so the GUI can hold one without compiling LibTorch.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/compute_threads.h"
#include "core/data/dataset.h"
#include "core/model/config.h"
#include "core/train/metrics.h"

namespace vlae {

struct ModelSnapshot;  // weights frozen for decoding; defined in core/explore/model_snapshot.h

enum class SessionState { Idle, Running, Paused, Stopped, Failed };
const char* to_string(SessionState s);

struct SessionOptions {
  RunConfig config;      // used for a new run
  std::string run_dir;   // where checkpoints and metrics go
  bool resume = false;   // continue the run in run_dir instead of creating one
  std::string data_dir;  // empty: default_data_dir()
  std::string device = "auto";
  int threads = 1;  // trainer intra-op threads (leave cores for the UI and decoder)
  // The explorer trains on idle time only: its frames and decodes must never wait for a step.
  CpuShare cpu_share = CpuShare::Nice;
  int64_t target_step = -1;       // stop (and save) at this step; -1: config.train.steps
  int snapshot_every = 25;        // publish decoding weights every N steps
  double autosave_minutes = 5.0;  // 0 disables
};

struct SessionStatus {
  SessionState state = SessionState::Idle;
  std::string message;  // the failure, or why training paused itself
  int64_t step = 0, target_step = 0, saved_step = -1;
  int64_t epoch = 0;
  double images_per_s = 0, wall_s = 0, lr = 0, kl_weight = 0, beta = 0;
  double autosave_minutes = 0;
  double seconds_since_save = 0;
  std::string run_dir, last_saved_path;
  bool unsaved_steps() const { return step != saved_step; }
};

class TrainingSession {
 public:
  // Loads data and builds (or resumes) the run; throws vlae::Error with a clear message.
  static std::unique_ptr<TrainingSession> open(const SessionOptions& options);
  ~TrainingSession();  // stops the thread and joins; saves when steps are unsaved

  // Commands: queued, taken by the training thread between steps.
  void start();
  void pause();
  void resume();
  void step_once();
  void stop();  // saves, then the thread idles in Stopped
  void save_now();
  void set_lr(double lr);
  void set_kl_weight(double w);
  void set_autosave_minutes(double minutes);
  void set_target_step(int64_t step);
  void request_snapshot();

  // Blocks until every command sent so far has been taken (tests, orderly shutdown).
  void wait_idle_commands() const;

  SessionStatus status() const;
  // Metrics logged so far from index `first` on (cheap copy of the tail).
  std::vector<MetricsRecord> metrics(size_t first = 0) const;
  std::shared_ptr<const ModelSnapshot> snapshot() const;
  const RunConfig& config() const;
  std::shared_ptr<const Dataset> heldout_data() const;
  std::shared_ptr<const Dataset> train_data() const;

  // Test hooks: make the next step throw, or the next `steps` steps produce a non-finite loss.
  void inject_exception_for_test(const std::string& what);
  void inject_nan_for_test(int steps = 1);

 private:
  struct Impl;
  explicit TrainingSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vlae
