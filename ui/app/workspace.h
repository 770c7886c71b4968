#pragma once
// The run the explorer shows, as one RunSource: a TrainingSession (a new or resumed run folder), a
// RunFollower (a run another process trains) or a CheckpointView (a checkpoint opened for viewing),
// plus the DecodeService that decodes from its weight snapshots.
// Opening happens on a worker thread so the window keeps drawing while data and weights load.
// Everything here is called from the UI thread only.
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/explore/decode_service.h"
#include "core/model/config.h"
#include "core/run/run_source.h"
#include "ui/app/error_log.h"
#include "ui/app/step_timeline.h"

namespace vlae::ui {

// What a finished open hands over (built on the worker thread).
struct OpenedRun {
  std::unique_ptr<RunSource> source;
  std::shared_ptr<const Dataset> heldout, train;
  std::string run_dir, checkpoint, label;
  std::string note;           // e.g. why thumbnails are missing
  bool created_here = false;  // a fresh folder this process made
};

class Workspace {
 public:
  explicit Workspace(ErrorLog& errors) : errors_(errors), timeline_(errors) {}
  ~Workspace();

  // A new run folder under runs/ trained from `config`.
  void open_new(const RunConfig& config, const std::string& data_dir, bool start);
  // A run folder (resumed in a session) or a checkpoint file (view only).
  void open_path(const std::string& path, const std::string& data_dir, bool start);
  // A run folder another process is training: curves and weights follow its files, read only.
  void follow_path(const std::string& path, const std::string& data_dir);
  // Once per frame: adopts a finished open, refreshes the cached status, reports failures.
  void poll();

  bool opening() const { return pending_.valid(); }
  const std::string& opening_what() const { return pending_what_; }
  bool has_run() const { return bool(config_); }
  uint64_t run_id() const { return run_id_; }  // changes whenever a different run is shown

  // The open run; null while none is.
  const RunSource* source() const { return source_.get(); }
  // Start, pause, save ...: set only for a run trained in this process.
  RunControl* control() { return source_ ? source_->control() : nullptr; }
  DecodeService* decoder() { return decoder_.get(); }
  const RunConfig* config() const { return config_ ? &*config_ : nullptr; }
  // Refreshed once per frame by poll().
  const RunStatus& status() const { return status_; }
  bool trainable() const { return source_ && source_->control(); }
  bool never_trained() const { return trainable() && status_.step == 0 && created_here_; }
  bool has_unsaved_steps() const { return trainable() && status_.step > 0 && status_.unsaved_steps(); }

  // Newest weights: id changes with every snapshot the trainer publishes.
  uint64_t snapshot_id() const { return snapshot_id_; }
  int64_t snapshot_step() const { return snapshot_step_; }
  const std::string& checkpoint() const { return checkpoint_; }
  const std::string& label() const { return label_; }
  const std::string& note() const { return note_; }
  std::shared_ptr<const Dataset> heldout() const { return heldout_; }
  std::shared_ptr<const Dataset> train() const { return train_; }
  // The weights the decoder uses now: a step picked on the timeline, else the trainer's newest
  // snapshot or the viewed checkpoint.
  std::shared_ptr<const ModelSnapshot> current_snapshot() const;
  // The run folder's kept weights; show(step) makes every view decode with that step's.
  StepTimeline& timeline() { return timeline_; }
  const StepTimeline& timeline() const { return timeline_; }
  // Changes whenever the user picks other weights on the timeline (views redraw at once then,
  // rather than at their pace for weights that training publishes).
  uint64_t pick_id() const { return pick_id_; }
  // The run folder of the open run (empty for a lone checkpoint file outside one).
  const std::string& run_dir() const { return run_dir_; }

  // Starts training; a run already at its target step gets a target one config-length further
  // (otherwise Start on a finished run would take one step and stop again).
  void start_training();

  // Closing: the session saves unsaved steps as it shuts down (on a worker thread).
  void close_run();
  bool closing() const;

 private:
  void adopt(OpenedRun run, bool start);
  void retire_current();

  ErrorLog& errors_;
  std::future<OpenedRun> pending_;
  std::string pending_what_, pending_verb_;
  bool pending_start_ = false;

  std::unique_ptr<RunSource> source_;
  std::string reported_message_;  // the source's last message shown, so each is reported once
  std::unique_ptr<DecodeService> decoder_;
  std::shared_ptr<const ModelSnapshot> last_snapshot_;
  std::optional<RunConfig> config_;
  RunStatus status_;
  uint64_t run_id_ = 0, snapshot_id_ = 0;
  int64_t snapshot_step_ = -1;
  std::string checkpoint_, label_, note_, run_dir_;
  std::shared_ptr<const Dataset> heldout_, train_;
  bool created_here_ = false;
  std::vector<std::future<void>> retiring_;
  StepTimeline timeline_;
  uint64_t pick_id_ = 0;
  std::shared_ptr<const ModelSnapshot> last_pinned_;
};

// runs/explorer-YYYYmmdd-HHMMSS (with -2, -3 ... when taken).
std::string new_run_dir(const std::string& parent = "runs");

}  // namespace vlae::ui
