#include "ui/app/workspace.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "core/common/compute_threads.h"
#include "core/common/cpu_plan.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/run/run_folder.h"
#include "ui/app/messages.h"

namespace vlae::ui {
namespace fs = std::filesystem;

namespace {

// What every run this explorer trains shares: the interactive CPU plan's trainer.
SessionOptions explorer_session(const std::string& data_dir) {
  const CpuPlan plan = interactive_cpu_plan();
  SessionOptions options;
  options.data_dir = data_dir;
  options.threads = plan.trainer_threads;
  options.cpu_share = plan.trainer_share;
  return options;
}

std::vector<MetricsRecord> read_history(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return {};
  try {
    return read_metrics_file(file.string());
  } catch (const std::exception&) {
    return {};  // a damaged log must not stop the run from opening; the plot just starts empty
  }
}

OpenedRun open_session(SessionOptions options, bool created_here) {
  OpenedRun r;
  r.session = TrainingSession::open(options);
  r.config = r.session->config();
  r.run_dir = options.run_dir;
  r.heldout = r.session->heldout_data();
  r.train = r.session->train_data();
  r.label = options.run_dir;
  r.created_here = created_here;
  if (options.resume) r.history = read_history(RunPaths(options.run_dir).metrics);
  return r;
}

// Held-out thumbnails for a run this process does not train; their absence is only a note.
void load_thumbnails(OpenedRun& r, const std::string& data_dir) {
  try {
    const ModelConfig& m = r.config.model;
    DataSplit split = load_data(r.config.data, data_dir, ImageShape{m.channels, m.height, m.width});
    r.heldout = std::make_shared<const Dataset>(std::move(split.heldout));
    r.train = std::make_shared<const Dataset>(std::move(split.train));
  } catch (const std::exception& e) {
    r.note = "no held-out thumbnails: " + one_line(e.what());
  }
}

OpenedRun open_view(const std::string& path, const std::string& data_dir) {
  OpenedRun r;
  r.snapshot = snapshot_from_checkpoint(path);
  const SnapshotInfo info = snapshot_info(*r.snapshot);
  r.config = info.config;
  r.checkpoint = info.checkpoint.empty() ? path : info.checkpoint;
  r.label = path + " (view only)";
  const fs::path folder = fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path();
  r.history = read_history(RunPaths(folder.string()).metrics);
  load_thumbnails(r, data_dir);
  return r;
}

OpenedRun open_follow(const std::string& dir, const std::string& data_dir) {
  OpenedRun r;
  r.follower = std::make_unique<RunFollower>(dir);
  r.config = r.follower->config();
  r.run_dir = dir;
  r.checkpoint = RunPaths(dir).checkpoint;
  r.label = dir + " (following)";
  load_thumbnails(r, data_dir);
  return r;
}

// Removes a run folder this process created and never trained, so trying settings out leaves
// no clutter. Only the files a run writes are removed; anything else keeps the folder.
void remove_untrained_folder(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_run_file(name) || !entry.is_regular_file()) return;
  }
  fs::remove_all(dir, ec);
}

}  // namespace

std::string new_run_dir(const std::string& parent) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = parent + "/explorer-" + stamp;
  std::string dir = base;
  std::error_code ec;
  for (int i = 2; fs::exists(dir, ec); ++i) dir = base + "-" + std::to_string(i);
  return dir;
}

Workspace::~Workspace() {
  retire_current();
  for (auto& f : retiring_) f.wait();
  if (pending_.valid()) {
    // An open still in flight: let it finish so its session shuts down cleanly.
    try {
      OpenedRun late = pending_.get();
    } catch (...) {
    }
  }
}

void Workspace::open_new(const RunConfig& config, const std::string& data_dir, bool start) {
  if (opening()) return;
  SessionOptions options = explorer_session(data_dir);
  options.config = config;
  options.run_dir = new_run_dir();
  pending_what_ = options.run_dir;
  pending_verb_ = "cannot start a new run in ";
  pending_start_ = start;
  pending_ = std::async(std::launch::async, [options] { return open_session(options, true); });
}

void Workspace::open_path(const std::string& path, const std::string& data_dir, bool start) {
  if (opening()) return;
  if (path.empty()) {
    errors_.add("give a run folder or a checkpoint file to load");
    return;
  }
  pending_verb_ = "cannot open ";
  std::error_code ec;
  const bool run_folder = is_run_folder(path);
  pending_what_ = path;
  pending_start_ = start;
  if (run_folder) {
    SessionOptions options = explorer_session(data_dir);
    options.run_dir = path;
    options.resume = true;
    pending_ = std::async(std::launch::async, [options] { return open_session(options, false); });
  } else {
    if (!fs::exists(path, ec)) {
      errors_.add("cannot open " + path + ": no such file or folder");
      return;
    }
    pending_ = std::async(std::launch::async, [path, data_dir] { return open_view(path, data_dir); });
  }
}

void Workspace::follow_path(const std::string& path, const std::string& data_dir) {
  if (opening()) return;
  if (!is_run_folder(path)) {
    errors_.add("cannot follow " + (path.empty() ? std::string("an empty path") : path) +
                ": not a run folder (it needs a config.json)");
    return;
  }
  pending_verb_ = "cannot follow ";
  pending_what_ = path;
  pending_start_ = false;
  pending_ = std::async(std::launch::async, [path, data_dir] { return open_follow(path, data_dir); });
}

void Workspace::poll_follower() {
  auto snap = follower_->snapshot();
  if (snap && snap != last_snapshot_) {
    last_snapshot_ = std::move(snap);
    ++snapshot_id_;
    snapshot_step_ = snapshot_info(*last_snapshot_).step;
  }
  const FollowStatus fs = follower_->status();
  status_.step = std::max(fs.logged_step, fs.checkpoint_step);
  status_.saved_step = fs.checkpoint_step;
  status_.target_step = follower_->config().train.steps;
  if (!fs.error.empty() && fs.error != follow_error_) errors_.add("following " + run_dir_ + ": " + fs.error);
  follow_error_ = fs.error;
}

void Workspace::poll() {
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      adopt(pending_.get(), pending_start_);
    } catch (const std::exception& e) {
      // Core errors usually name the file already; name it only when they do not.
      const std::string what = one_line(e.what());
      errors_.add(what.find(pending_what_) != std::string::npos ? what : pending_verb_ + pending_what_ + ": " + what);
    }
    pending_ = {};
  }
  retiring_.erase(std::remove_if(retiring_.begin(), retiring_.end(),
                                 [](std::future<void>& f) {
                                   return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
                                 }),
                  retiring_.end());
  if (follower_) poll_follower();
  if (!session_) return;
  status_ = session_->status();
  if (status_.state != last_state_ && !status_.message.empty() &&
      (status_.state == SessionState::Failed || status_.state == SessionState::Paused))
    errors_.add(status_.message);
  last_state_ = status_.state;
  auto snap = session_->snapshot();
  if (snap && snap != last_snapshot_) {
    const SnapshotInfo info = snapshot_info(*snap);
    last_snapshot_ = std::move(snap);
    ++snapshot_id_;
    snapshot_step_ = info.step;
    checkpoint_ = info.checkpoint;
  }
}

void Workspace::adopt(OpenedRun run, bool start) {
  retire_current();
  session_ = std::move(run.session);
  view_snapshot_ = std::move(run.snapshot);
  follower_ = std::move(run.follower);
  follow_error_.clear();
  config_ = run.config;
  run_dir_ = run.run_dir;
  label_ = run.label;
  note_ = run.note;
  heldout_ = run.heldout;
  train_ = run.train;
  history_ = std::move(run.history);
  created_here_ = run.created_here;
  status_ = {};
  last_state_ = SessionState::Idle;
  ++run_id_;
  ++snapshot_id_;
  if (session_) {
    TrainingSession* s = session_.get();
    // Every core while the run is not training (sliders answer faster), one beside the trainer.
    decoder_ = std::make_unique<DecodeService>(
        [s] { return s->snapshot(); },
        [s] { return interactive_cpu_plan().decoder_threads(s->status().state == SessionState::Running); });
    status_ = session_->status();
    checkpoint_ = RunPaths(status_.run_dir).checkpoint;
    snapshot_step_ = status_.step;
    if (start) start_training();
  } else if (follower_) {
    const RunFollower* f = follower_.get();
    // Another process trains the followed run on this machine or another: decode as beside a trainer.
    decoder_ =
        std::make_unique<DecodeService>([f] { return f->snapshot(); }, interactive_cpu_plan().decoder_threads(true));
    checkpoint_ = run.checkpoint;
    poll_follower();
  } else {
    auto snap = view_snapshot_;
    decoder_ = std::make_unique<DecodeService>([snap] { return snap; },
                                               [] { return interactive_cpu_plan().decoder_threads(false); });
    const SnapshotInfo info = snapshot_info(*snap);
    checkpoint_ = run.checkpoint;
    snapshot_step_ = info.step;
    status_.step = info.step;
    if (start) errors_.add("a checkpoint file opens for viewing only; open its run folder to train it");
  }
}

void Workspace::retire_current() {
  decoder_.reset();  // first: it reads snapshots from the session
  last_snapshot_.reset();
  view_snapshot_.reset();
  if (follower_)
    retiring_.push_back(std::async(std::launch::async, [f = std::move(follower_)]() mutable { f.reset(); }));
  if (session_) {
    const bool remove = created_here_ && status_.step == 0 && session_->status().step == 0;
    const std::string dir = run_dir_;
    // The session joins its thread and saves unsaved steps on the way out; not on the UI thread.
    retiring_.push_back(std::async(std::launch::async, [s = std::move(session_), remove, dir]() mutable {
      s.reset();
      if (remove) remove_untrained_folder(dir);
    }));
  }
  config_.reset();
  status_ = {};
}

void Workspace::start_training() {
  if (!session_) return;
  const SessionStatus st = session_->status();
  if (st.step >= st.target_step) session_->set_target_step(st.step + std::max<int64_t>(1, config_->train.steps));
  session_->start();
}

void Workspace::close_run() { retire_current(); }

bool Workspace::closing() const {
  for (const auto& f : retiring_)
    if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return true;
  return false;
}

}  // namespace vlae::ui

namespace vlae::ui {
std::shared_ptr<const ModelSnapshot> Workspace::current_snapshot() const {
  if (session_) return session_->snapshot();
  return follower_ ? follower_->snapshot() : view_snapshot_;
}
}  // namespace vlae::ui
