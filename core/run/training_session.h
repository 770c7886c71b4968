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
#include "core/run/run_source.h"
#include "core/train/metrics.h"

namespace vlae {

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

class TrainingSession final : public RunSource, public RunControl {
 public:
  // Loads data and builds (or resumes) the run; throws vlae::Error with a clear message.
  static std::unique_ptr<TrainingSession> open(const SessionOptions& options);
  ~TrainingSession() override;  // stops the thread and joins; saves when steps are unsaved

  // Commands: queued, taken by the training thread between steps.
  void start() override;
  void pause() override;
  void resume() override;
  void step_once() override;
  void stop() override;  // saves, then the thread idles in Stopped
  void save_now() override;
  void set_lr(double lr) override;
  void set_kl_weight(double w) override;
  void set_autosave_minutes(double minutes) override;
  void set_target_step(int64_t step) override;
  void request_snapshot();

  // Blocks until every command sent so far has been taken (tests, orderly shutdown).
  void wait_idle_commands() const;

  RunKind kind() const override { return RunKind::Training; }
  RunStatus status() const override;
  // A resumed run's records start with those its log kept up to the checkpoint.
  std::vector<MetricsRecord> metrics(size_t from, uint64_t& generation) const override;
  std::vector<MetricsRecord> metrics(size_t from = 0) const {
    uint64_t generation = 0;
    return metrics(from, generation);
  }
  std::shared_ptr<const ModelSnapshot> snapshot() const override;
  const RunConfig& config() const override;
  RunControl* control() override { return this; }
  bool trainer_busy() const override;
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
