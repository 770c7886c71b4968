#pragma once
// What the explorer shows, whatever kind of run it is: a run trained here (TrainingSession), a run
// another process trains (RunFollower), or a checkpoint opened for viewing (CheckpointView). Panels
// ask this interface, not the kind. Torch-free: the GUI holds one.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model/config.h"
#include "core/train/metrics.h"

namespace vlae {

struct ModelSnapshot;  // weights frozen for decoding; defined in core/explore/model_snapshot.h

enum class RunKind { Training, Following, Viewing };
enum class RunState { Idle, Running, Paused, Stopped, Failed };
const char* to_string(RunState s);
const char* to_string(RunKind k);

struct RunStatus {
  RunState state = RunState::Idle;
  // The failure, why training paused itself, or why a followed checkpoint could not be read.
  std::string message;
  int64_t step = 0, target_step = 0;
  int64_t saved_step = -1;   // the newest checkpoint's step (the followed weights' step); -1: none yet
  int64_t logged_step = -1;  // the newest metrics line's step
  int64_t epoch = 0;
  double images_per_s = 0, wall_s = 0, lr = 0, kl_weight = 0, beta = 0;
  double autosave_minutes = 0;
  double seconds_since_save = 0;
  double seconds_since_change = 0;  // following: since the log or the checkpoint last changed
  uint64_t checkpoint_loads = 0;    // following: checkpoints read so far
  std::string run_dir, last_saved_path;
  bool unsaved_steps() const { return step != saved_step; }
};

// Steering of a run trained in this process. Commands are queued and taken between steps.
class RunControl {
 public:
  virtual ~RunControl() = default;
  virtual void start() = 0;
  virtual void pause() = 0;
  virtual void resume() = 0;
  virtual void step_once() = 0;
  virtual void stop() = 0;  // saves, then idles in Stopped
  virtual void save_now() = 0;
  virtual void set_lr(double lr) = 0;
  virtual void set_kl_weight(double w) = 0;
  virtual void set_autosave_minutes(double minutes) = 0;
  virtual void set_target_step(int64_t step) = 0;
};

class RunSource {
 public:
  virtual ~RunSource() = default;
  virtual RunKind kind() const = 0;
  virtual const RunConfig& config() const = 0;
  // The newest weights; a new pointer each time they change.
  virtual std::shared_ptr<const ModelSnapshot> snapshot() const = 0;
  virtual RunStatus status() const = 0;
  // The run's metrics records from index `from` on, including those logged before it was opened.
  // `generation` changes when the log was rewritten (a resume cuts it back to its checkpoint); a
  // caller that sees a new generation starts again from 0.
  virtual std::vector<MetricsRecord> metrics(size_t from, uint64_t& generation) const = 0;
  // Set only for a run trained in this process.
  virtual RunControl* control() { return nullptr; }
  // Whether a trainer may be using this machine's cores now (decoding then leaves them one).
  virtual bool trainer_busy() const = 0;
};

}  // namespace vlae
