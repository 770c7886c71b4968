// `vlae train`: create or resume a run folder and train it to its target step.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/progress.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/train/nonfinite_guard.h"
#include "core/train/training_run.h"

namespace vlae::cli {

namespace {
std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) { g_stop_signal = sig; }

void print_heldout(const char* when, const HeldoutScore& s) {
  std::printf("held-out %s: loss %.3f  recon %.3f  pixel MSE %.5f  (%lld images)\n", when, s.loss, s.recon,
              s.pixel_mse, (long long)s.images);
  std::fflush(stdout);
}
}  // namespace

void set_threads(int threads) {
  if (threads == 0 || threads < -1) throw usage_error("--threads must be at least 1, not " + std::to_string(threads));
  static bool interop_set = false;
  if (!interop_set) {
    at::set_num_interop_threads(1);  // our parallelism is intra-op; one inter-op thread avoids oversubscription
    interop_set = true;
  }
  if (threads > 0) at::set_num_threads(threads);
}

int train(const TrainOptions& o) {
  set_threads(o.threads);
  const torch::Device device = resolve_device(o.device);
  const std::string data_dir = o.data_dir.empty() ? default_data_dir() : o.data_dir;
  std::unique_ptr<TrainingRun> run;
  int64_t target = o.steps;
  if (!o.resume.empty()) {
    if (!o.out.empty() && o.out != o.resume) throw usage_error("--out cannot be combined with --resume");
    run = resume_run(o.resume, data_dir, device);
    if (!run->warning.empty()) std::fprintf(stderr, "vlae: warning: %s\n", run->warning.c_str());
    if (o.keep > 0) run->keep_checkpoints = o.keep;
    if (target < 0) target = run->trainer->config().train.steps;
    std::printf("resuming %s at step %lld\n", o.resume.c_str(), (long long)run->trainer->step_count());
  } else {
    if (o.out.empty()) throw usage_error("train needs --out RUN (or --resume RUN)");
    RunConfig config = load_preset(o.preset);
    if (!o.data.empty()) {
      config.data = o.data;
    } else {
      std::string why;
      config.data = default_data_for(config.data, data_dir, why);
      if (!why.empty()) std::printf("%s\n", why.c_str());
    }
    if (!o.model.empty()) config.model.model = o.model;
    if (!o.precision.empty()) config.train.precision = o.precision;
    if (o.batch > 0) config.train.batch = o.batch;
    if (o.batch == 0 || o.batch < -1) throw usage_error("--batch must be at least 1");
    if (o.seed >= 0) config.train.seed = uint64_t(o.seed);
    if (o.lr_given) config.train.lr = o.lr;
    if (o.keep > 0) config.train.keep_checkpoints = o.keep;
    if (o.steps >= 0) config.train.steps = o.steps;
    validate(config, "command line");
    target = config.train.steps;
    run = create_run(o.out, config, data_dir, device);
    std::printf("new run %s: preset %s, model %s, data %s (%zu train / %zu held-out images), %lld parameters, device %s\n",
                o.out.c_str(), config.preset.c_str(), config.model.model.c_str(), config.data.c_str(), run->train_data->size(),
                run->heldout_data->size(), (long long)run->trainer->model()->parameter_count(),
                device.str().c_str());
    if (!run->train_data->note.empty()) std::printf("data: %s\n", run->train_data->note.c_str());
    print_heldout("at start", run->trainer->evaluate(*run->heldout_data, 1000));
  }
  Trainer& trainer = *run->trainer;
  const TrainConfig& tc = trainer.config().train;

  g_stop_signal = 0;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);

  Progress progress(target, tc.batch);
  run->restart_clock();
  NonFiniteGuard nonfinite;
  while (trainer.step_count() < target && g_stop_signal == 0) {
    const StepResult r = trainer.step();
    const std::optional<MetricsRecord> rec = run->after_step(r, /*force_log=*/r.step == target);
    if (nonfinite.note(r.applied)) {
      progress.finish();
      if (run->has_unsaved_steps()) run->save();
      throw Error("training stopped: " + NonFiniteGuard::message(r.step, trainer.lr()) + " (--lr); checkpoint " +
                  run->paths.checkpoint + " holds step " + std::to_string(trainer.step_count()));
    }
    if (rec) progress.update(rec->step, rec->loss, rec->images_per_s);
  }
  progress.finish();
  if (run->has_unsaved_steps()) run->save();  // after_step may have just written the final step
  if (g_stop_signal != 0) {
    std::printf("stopped by signal at step %lld; checkpoint saved to %s\n", (long long)trainer.step_count(),
                run->paths.checkpoint.c_str());
    return 0;
  }
  print_heldout("at end", trainer.evaluate(*run->heldout_data, 1000));
  std::printf("done: step %lld, checkpoint %s\n", (long long)trainer.step_count(), run->paths.checkpoint.c_str());
  return 0;
}

}  // namespace vlae::cli
