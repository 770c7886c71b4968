#include "core/run/training_session.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/common/tensor_memory_cache.h"
#include "core/data/registry.h"
#include "core/run/model_snapshot.h"
#include "core/run/training_run.h"
#include "core/train/nonfinite_guard.h"

namespace vlae {

namespace {
enum class Cmd { Start, Pause, Resume, Step, Stop, Save, SetLr, SetKl, SetAutosave, SetTarget, Snapshot, Quit };
struct Command {
  Cmd cmd;
  double value = 0;
};
using Clock = std::chrono::steady_clock;
}  // namespace

struct TrainingSession::Impl {
  SessionOptions options;
  std::unique_ptr<TrainingRun> run;
  RunConfig config;

  mutable std::mutex mutex;  // guards everything below up to the thread
  mutable std::condition_variable cv;
  std::deque<Command> queue;
  uint64_t sent = 0, taken = 0;
  RunStatus status;
  std::vector<MetricsRecord> metrics;
  std::shared_ptr<const ModelSnapshot> snapshot;
  std::string inject_exception;
  int inject_nan = 0;
  NonFiniteGuard nonfinite;
  bool trained_since_release = false;  // the training thread's own
  std::thread thread;

  void post(Cmd c, double v = 0) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      queue.push_back({c, v});
      ++sent;
    }
    cv.notify_all();
  }

  void publish_snapshot() {
    auto snap = make_snapshot(config, run->trainer->model(), run->trainer->step_count(), run->paths.checkpoint);
    std::lock_guard<std::mutex> lock(mutex);
    snapshot = std::move(snap);
  }

  void save() { run->save(); }  // refresh_status() derives saved_step and the path from the run

  void set_state(RunState s, const std::string& message = "") {
    std::lock_guard<std::mutex> lock(mutex);
    status.state = s;
    status.message = message;
  }

  // Applies one command on the training thread; returns false on Quit.
  bool apply(const Command& c) {
    Trainer& t = *run->trainer;
    const RunState state = status_state();
    switch (c.cmd) {
      case Cmd::Start:
      case Cmd::Resume:
        if (state != RunState::Failed) {
          set_state(RunState::Running);
          run->restart_clock();
        }
        break;
      case Cmd::Pause:
        if (state == RunState::Running) {
          set_state(RunState::Paused);
          publish_snapshot();
        }
        break;
      case Cmd::Step:  // taken in order with the other commands, so two Steps are two steps
        if (state != RunState::Running && state != RunState::Failed) {
          run->restart_clock();  // time spent paused is not training time
          guarded_step();
        }
        break;
      case Cmd::Stop:
        if (state != RunState::Failed) set_state(RunState::Stopped);
        if (run->has_unsaved_steps()) save();
        publish_snapshot();
        break;
      case Cmd::Save:
        save();
        break;
      case Cmd::SetLr:
        t.set_lr(c.value);
        break;
      case Cmd::SetKl:
        t.set_kl_weight(c.value);
        break;
      case Cmd::SetAutosave: {
        std::lock_guard<std::mutex> lock(mutex);
        options.autosave_minutes = c.value;
        break;
      }
      case Cmd::SetTarget: {
        std::lock_guard<std::mutex> lock(mutex);
        options.target_step = int64_t(c.value);
        break;
      }
      case Cmd::Snapshot:
        publish_snapshot();
        break;
      case Cmd::Quit:
        return false;
    }
    return true;
  }

  RunState status_state() const {
    std::lock_guard<std::mutex> lock(mutex);
    return status.state;
  }

  void do_step() {
    Trainer& t = *run->trainer;
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (!inject_exception.empty()) {
        const std::string what = std::move(inject_exception);
        inject_exception.clear();
        throw std::runtime_error(what);
      }
      if (inject_nan > 0) {
        t.poison_next_step_for_test(inject_nan);
        inject_nan = 0;
      }
    }
    const StepResult r = t.step();
    const std::optional<MetricsRecord> rec = run->after_step(r);
    // A lone non-finite step is skipped (the trainer keeps the last good weights); a run of them pauses.
    if (nonfinite.note(r.applied)) {
      publish_snapshot();  // the last good weights, shown by the time anyone sees the pause
      set_state(RunState::Paused, "paused: " + NonFiniteGuard::message(r.step, t.lr()) + ", then Resume");
      nonfinite = NonFiniteGuard();
      return;
    }
    if (!r.applied) return;
    if (rec) {
      std::lock_guard<std::mutex> lock(mutex);
      metrics.push_back(*rec);
      status.images_per_s = rec->images_per_s;
    }
    if (r.step % options.snapshot_every == 0) publish_snapshot();
    const double since_save = std::chrono::duration<double>(TrainingRun::Clock::now() - run->last_save).count();
    if (options.autosave_minutes > 0 && since_save >= options.autosave_minutes * 60) save();
  }

  // One step; an exception becomes the Failed state, never a dead thread or process.
  void guarded_step() {
    trained_since_release = true;
    try {
      do_step();
    } catch (const std::exception& e) {
      try {
        publish_snapshot();  // the weights Save would write, shown by the time anyone sees the failure
      } catch (const std::exception&) {
        // The snapshot itself failed (out of memory): the older one stays shown.
      }
      set_state(RunState::Failed,
                std::string("training failed: ") + e.what() + " (the last good weights are kept; Save writes them)");
    }
  }

  void refresh_status() {
    const Trainer& t = *run->trainer;
    std::lock_guard<std::mutex> lock(mutex);
    status.step = t.step_count();
    status.epoch = t.epoch();
    status.wall_s = run->wall_s;
    status.lr = t.lr();
    status.kl_weight = t.config().train.kl_weight;
    status.beta = kl_beta(t.config().train, t.step_count());
    status.target_step = options.target_step;
    status.autosave_minutes = options.autosave_minutes;
    status.saved_step = run->saved_step;  // every checkpoint counts, whoever wrote it
    if (run->saved_step >= 0) status.last_saved_path = run->paths.checkpoint;
    status.seconds_since_save = std::chrono::duration<double>(Clock::now() - run->last_save).count();
  }

  void loop() {
    yield_cores_to_interactive_work(options.cpu_share);
    set_compute_threads(options.threads);
    bool alive = true;
    while (alive) {
      if (trained_since_release && status_state() != RunState::Running) {
        // Paused, stopped or failed: the steps' freed buffers need not stay mapped while the user
        // explores; the next step maps them again (a few ms with huge pages).
        release_cached_tensor_memory();
        trained_since_release = false;
      }
      std::deque<Command> batch;
      {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return !queue.empty() || status.state == RunState::Running; });
        batch.swap(queue);
      }
      try {
        for (const Command& c : batch) {
          alive = apply(c) && alive;
          if (!alive) break;
        }
      } catch (const std::exception& e) {
        set_state(RunState::Failed, e.what());
      }
      if (!alive) {
        std::lock_guard<std::mutex> lock(mutex);
        taken += batch.size();
        break;
      }

      if (status_state() == RunState::Running) {
        // The target is checked before stepping too: Start on a run already at its target trains nothing.
        if (run->trainer->step_count() < options.target_step) guarded_step();
        if (run->trainer->step_count() >= options.target_step && status_state() == RunState::Running) {
          if (run->has_unsaved_steps()) save();  // after_step may have just written this very step
          publish_snapshot();
          set_state(RunState::Stopped, "reached the target step " + std::to_string(options.target_step));
        }
      }
      refresh_status();
      {
        // Counted only now, so a waiter sees the effect of its commands (and any single step).
        std::lock_guard<std::mutex> lock(mutex);
        taken += batch.size();
      }
      cv.notify_all();
    }
    // Leaving: never lose steps that are not on disk yet.
    try {
      if (run->has_unsaved_steps()) save();
    } catch (const std::exception& e) {
      set_state(RunState::Failed, std::string("final save failed: ") + e.what());
    }
  }
};

TrainingSession::TrainingSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<TrainingSession> TrainingSession::open(const SessionOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::string data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  const torch::Device device = resolve_device(options.device);
  impl->run = options.resume ? resume_run(options.run_dir, data_dir, device)
                             : create_run(options.run_dir, options.config, data_dir, device);
  impl->config = impl->run->trainer->config();
  // A resumed run may already be past its config's steps (`vlae train --resume --steps N` trains
  // beyond them): its target is then where it stands, never behind it.
  if (impl->options.target_step < 0)
    impl->options.target_step = std::max(impl->config.train.steps, impl->run->trainer->step_count());
  if (impl->options.snapshot_every < 1) impl->options.snapshot_every = 1;
  impl->status.run_dir = options.run_dir;
  impl->status.saved_step = impl->run->saved_step;
  impl->status.message = impl->run->warning;  // resumed from an older checkpoint: say so
  // The curves of a resumed run start where the run did (its log is already cut back to the checkpoint).
  if (options.resume) impl->metrics = read_metrics_file(impl->run->paths.metrics);
  impl->publish_snapshot();
  impl->refresh_status();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->loop(); });
  return std::unique_ptr<TrainingSession>(new TrainingSession(std::move(impl)));
}

TrainingSession::~TrainingSession() {
  if (!impl_) return;
  impl_->post(Cmd::Quit);
  if (impl_->thread.joinable()) impl_->thread.join();
}

void TrainingSession::start() { impl_->post(Cmd::Start); }
void TrainingSession::pause() { impl_->post(Cmd::Pause); }
void TrainingSession::resume() { impl_->post(Cmd::Resume); }
void TrainingSession::step_once() { impl_->post(Cmd::Step); }
void TrainingSession::stop() { impl_->post(Cmd::Stop); }
void TrainingSession::save_now() { impl_->post(Cmd::Save); }
void TrainingSession::request_snapshot() { impl_->post(Cmd::Snapshot); }

void TrainingSession::set_lr(double lr) {
  if (!(lr > 0 && lr <= 1)) throw usage_error("learning rate must be in (0, 1], not " + std::to_string(lr));
  impl_->post(Cmd::SetLr, lr);
}
void TrainingSession::set_kl_weight(double w) {
  if (!(w >= 0 && w <= 1000)) throw usage_error("KL weight must be in [0, 1000], not " + std::to_string(w));
  impl_->post(Cmd::SetKl, w);
}
void TrainingSession::set_autosave_minutes(double m) {
  if (!(m >= 0)) throw usage_error("autosave minutes must not be negative");
  impl_->post(Cmd::SetAutosave, m);
}
void TrainingSession::set_target_step(int64_t step) { impl_->post(Cmd::SetTarget, double(step)); }

void TrainingSession::wait_idle_commands() const {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  const uint64_t want = impl_->sent;
  impl_->cv.wait(lock, [&] { return impl_->taken >= want; });
}

RunStatus TrainingSession::status() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->status;
}

std::vector<MetricsRecord> TrainingSession::metrics(size_t from, uint64_t& generation) const {
  generation = 0;  // the session writes the log itself and never cuts it back while open
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (from >= impl_->metrics.size()) return {};
  return {impl_->metrics.begin() + int64_t(from), impl_->metrics.end()};
}

bool TrainingSession::trainer_busy() const { return status().state == RunState::Running; }

std::shared_ptr<const ModelSnapshot> TrainingSession::snapshot() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->snapshot;
}

const RunConfig& TrainingSession::config() const { return impl_->config; }
std::shared_ptr<const Dataset> TrainingSession::heldout_data() const { return impl_->run->heldout_data; }
std::shared_ptr<const Dataset> TrainingSession::train_data() const { return impl_->run->train_data; }

void TrainingSession::inject_exception_for_test(const std::string& what) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->inject_exception = what;
}
void TrainingSession::inject_nan_for_test(int steps) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->inject_nan = steps;
}

}  // namespace vlae
