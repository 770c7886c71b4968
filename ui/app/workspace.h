#pragma once
// The run the explorer shows: a TrainingSession (new or resumed run folder) or a checkpoint
// opened for viewing only, plus the DecodeService that decodes from its weight snapshots.
// Opening happens on a worker thread so the window keeps drawing while data and weights load.
// Everything here is called from the UI thread only.
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/decode_service.h"
#include "core/explore/snapshot_info.h"
#include "core/model/config.h"
#include "core/run/run_follower.h"
#include "core/train/metrics.h"
#include "core/run/training_session.h"
#include "ui/app/error_log.h"

namespace vlae::ui {

// What a finished open hands over (built on the worker thread).
struct OpenedRun {
  std::unique_ptr<TrainingSession> session;       // null when viewing a checkpoint
  std::unique_ptr<RunFollower> follower;          // set when following a run another process trains
  std::shared_ptr<const ModelSnapshot> snapshot;  // view-only weights
  std::shared_ptr<const Dataset> heldout, train;
  RunConfig config;
  std::string run_dir, checkpoint, label;
  std::vector<MetricsRecord> history;  // metrics.jsonl lines logged before this open
  std::string note;                    // e.g. why thumbnails are missing
  bool created_here = false;           // a fresh folder this process made
};

class Workspace {
 public:
  explicit Workspace(ErrorLog& errors) : errors_(errors) {}
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

  TrainingSession* session() { return session_.get(); }
  const RunFollower* follower() const { return follower_.get(); }
  DecodeService* decoder() { return decoder_.get(); }
  const RunConfig* config() const { return config_ ? &*config_ : nullptr; }
  const SessionStatus& status() const { return status_; }
  bool trainable() const { return bool(session_); }
  bool never_trained() const { return session_ && status_.step == 0 && created_here_; }
  bool has_unsaved_steps() const { return session_ && status_.step > 0 && status_.unsaved_steps(); }

  // Newest weights: id changes with every snapshot the trainer publishes.
  uint64_t snapshot_id() const { return snapshot_id_; }
  int64_t snapshot_step() const { return snapshot_step_; }
  const std::string& checkpoint() const { return checkpoint_; }
  const std::string& label() const { return label_; }
  const std::string& note() const { return note_; }
  std::shared_ptr<const Dataset> heldout() const { return heldout_; }
  std::shared_ptr<const Dataset> train() const { return train_; }
  // The weights the decoder uses now (the trainer's newest snapshot, or the viewed checkpoint).
  std::shared_ptr<const ModelSnapshot> current_snapshot() const;
  // Metrics logged before this open (from metrics.jsonl); the session's own come after.
  const std::vector<MetricsRecord>& history() const { return history_; }

  // Starts training; a run already at its target step gets a target one config-length further
  // (otherwise Start on a finished run would take one step and stop again).
  void start_training();

  // Closing: the session saves unsaved steps as it shuts down (on a worker thread).
  void close_run();
  bool closing() const;

 private:
  void adopt(OpenedRun run, bool start);
  void retire_current();
  void poll_follower();

  ErrorLog& errors_;
  std::future<OpenedRun> pending_;
  std::string pending_what_, pending_verb_;
  bool pending_start_ = false;

  std::unique_ptr<TrainingSession> session_;
  std::unique_ptr<RunFollower> follower_;
  std::string follow_error_;  // last follower error reported, so each is reported once
  std::unique_ptr<DecodeService> decoder_;
  std::shared_ptr<const ModelSnapshot> view_snapshot_;
  std::shared_ptr<const ModelSnapshot> last_snapshot_;
  std::optional<RunConfig> config_;
  SessionStatus status_;
  SessionState last_state_ = SessionState::Idle;
  uint64_t run_id_ = 0, snapshot_id_ = 0;
  int64_t snapshot_step_ = -1;
  std::string checkpoint_, label_, note_, run_dir_;
  std::shared_ptr<const Dataset> heldout_, train_;
  std::vector<MetricsRecord> history_;
  bool created_here_ = false;
  std::vector<std::future<void>> retiring_;
};

// runs/explorer-YYYYmmdd-HHMMSS (with -2, -3 ... when taken).
std::string new_run_dir(const std::string& parent = "runs");

}  // namespace vlae::ui
