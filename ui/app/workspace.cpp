#include "ui/app/workspace.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "core/common/compute_threads.h"
#include "core/common/cpu_plan.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/run/checkpoint_view.h"
#include "core/run/run_folder.h"
#include "core/run/run_follower.h"
#include "core/run/snapshot_info.h"
#include "core/run/training_session.h"
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

OpenedRun open_session(SessionOptions options, bool created_here) {
  OpenedRun r;
  auto session = TrainingSession::open(options);
  r.heldout = session->heldout_data();
  r.train = session->train_data();
  r.checkpoint = RunPaths(options.run_dir).checkpoint;
  r.source = std::move(session);
  r.run_dir = options.run_dir;
  r.label = options.run_dir;
  r.created_here = created_here;
  return r;
}

// Held-out thumbnails for a run this process does not train; their absence is only a note.
void load_thumbnails(OpenedRun& r, const std::string& data_dir) {
  try {
    const RunConfig& config = r.source->config();
    const ModelConfig& m = config.model;
    DataSplit split = load_data(config.data, data_dir, ImageShape{m.channels, m.height, m.width});
    r.heldout = std::make_shared<const Dataset>(std::move(split.heldout));
    r.train = std::make_shared<const Dataset>(std::move(split.train));
  } catch (const std::exception& e) {
    r.note = "no held-out thumbnails: " + one_line(e.what());
  }
}

OpenedRun open_view(const std::string& path, const std::string& data_dir) {
  OpenedRun r;
  auto view = std::make_unique<CheckpointView>(path);
  r.checkpoint = view->checkpoint();
  r.source = std::move(view);
  r.label = path + " (view only)";
  load_thumbnails(r, data_dir);
  return r;
}

OpenedRun open_follow(const std::string& dir, const std::string& data_dir) {
  OpenedRun r;
  r.source = std::make_unique<RunFollower>(dir);
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
  if (!source_) return;
  status_ = source_->status();
  // Failures, a pause training chose itself, a followed checkpoint that cannot be read: each once.
  const bool worth_reporting =
      status_.state == RunState::Failed || status_.state == RunState::Paused || source_->kind() == RunKind::Following;
  if (status_.message != reported_message_ && !status_.message.empty() && worth_reporting) errors_.add(status_.message);
  reported_message_ = status_.message;
  timeline_.poll(std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count());
  if (auto pinned = timeline_.pinned(); pinned != last_pinned_) {
    last_pinned_ = std::move(pinned);
    ++pick_id_;
  }
  auto snap = current_snapshot();
  if (snap && snap != last_snapshot_) {
    const SnapshotInfo info = snapshot_info(*snap);
    last_snapshot_ = std::move(snap);
    ++snapshot_id_;
    snapshot_step_ = info.step;
    if (!info.checkpoint.empty()) checkpoint_ = info.checkpoint;
  }
}

void Workspace::adopt(OpenedRun run, bool start) {
  retire_current();
  source_ = std::move(run.source);
  reported_message_.clear();
  config_ = source_->config();
  run_dir_ = run.run_dir;
  label_ = run.label;
  note_ = run.note;
  heldout_ = run.heldout;
  train_ = run.train;
  checkpoint_ = run.checkpoint;
  created_here_ = run.created_here;
  ++run_id_;
  ++snapshot_id_;
  const RunSource* s = source_.get();
  timeline_.reset(run_dir_.empty() ? source_->status().run_dir : run_dir_);
  last_pinned_.reset();
  // The decoder goes before the source does (retire_current), so it may read through `this`.
  // Every core while nothing trains here (sliders answer faster), one beside a trainer.
  decoder_ = std::make_unique<DecodeService>([this] { return current_snapshot(); },
                                             [s] { return interactive_cpu_plan().decoder_threads(s->trainer_busy()); });
  status_ = source_->status();
  last_snapshot_ = source_->snapshot();
  snapshot_step_ = snapshot_info(*last_snapshot_).step;
  if (start) {
    if (trainable())
      start_training();
    else
      errors_.add("a checkpoint file opens for viewing only; open its run folder to train it");
  }
}

void Workspace::retire_current() {
  decoder_.reset();  // first: it reads snapshots from the source
  last_snapshot_.reset();
  timeline_.reset("");
  last_pinned_.reset();
  if (source_) {
    const bool remove = created_here_ && status_.step == 0 && source_->status().step == 0;
    const std::string dir = run_dir_;
    // A session joins its thread and saves unsaved steps on the way out, a follower joins its
    // reader: not on the UI thread.
    retiring_.push_back(std::async(std::launch::async, [s = std::move(source_), remove, dir]() mutable {
      s.reset();
      if (remove) remove_untrained_folder(dir);
    }));
  }
  config_.reset();
  status_ = {};
}

void Workspace::start_training() {
  RunControl* c = control();
  if (!c) return;
  const RunStatus st = source_->status();
  if (st.step >= st.target_step) c->set_target_step(st.step + std::max<int64_t>(1, config_->train.steps));
  c->start();
}

void Workspace::close_run() { retire_current(); }

bool Workspace::closing() const {
  for (const auto& f : retiring_)
    if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return true;
  return false;
}

std::shared_ptr<const ModelSnapshot> Workspace::current_snapshot() const {
  if (!source_) return nullptr;
  auto pinned = timeline_.pinned();
  return pinned ? pinned : source_->snapshot();
}

}  // namespace vlae::ui
