// `vlae train`: create or resume a run folder and train it to its target step, in one process or
// as one rank of a data-parallel run (--world-size / --rank / --master).
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "app/cli/progress.h"
#include "core/common/blas_core.h"
#include "core/common/compute_threads.h"
#include "core/common/cpu_plan.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/explore/hierarchy_tracker.h"
#include "core/run/model_snapshot.h"
#include "core/run/distributed_run.h"
#include "core/run/training_run.h"
#include "core/train/dist_config.h"
#include "core/train/nonfinite_guard.h"

namespace vlae::cli {

namespace {

struct TrainOptions {
  std::string preset = "mnist", data, out, resume, device = "auto";
  std::string model;      // "vlae" | "hvae" | "vae"; empty: the preset's
  std::string precision;  // "fp32" | "bf16"; empty: the preset's
  int64_t steps = -1;     // total steps for the run; -1: the config's train.steps
  int batch = -1, threads = -1;
  int64_t seed = -1;
  double lr = -1;
  double kl_weight = -1;         // -1: the preset's train.kl_weight
  bool lr_given = false;         // any value given, so that a bad one (0, -1, nan) is refused, not ignored
  int keep = -1;                 // checkpoints to keep; -1: the config's train.keep_checkpoints
  bool track_hierarchy = false;  // measure the hierarchy report as the run grows, into RUN/hierarchy.jsonl
  std::string data_dir;
  vlae::DistArgs dist;  // --world-size, --rank, --master, --dist-timeout (absent: the environment, or one process)
};

std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) { g_stop_signal = sig; }

void print_heldout(const char* when, const HeldoutScore& s) {
  std::printf("held-out %s: loss %.3f  recon %.3f  pixel MSE %.5f  (%lld images)\n", when, s.loss, s.recon, s.pixel_mse,
              (long long)s.images);
  std::fflush(stdout);
}

// The config of a new run: the preset with the command line's overrides.
RunConfig new_run_config(const TrainOptions& o, const std::string& data_dir) {
  RunConfig config = load_preset(o.preset);
  if (!o.data.empty()) {
    config.data = o.data;
  } else {
    std::string why;
    config.data = default_data_for(config.data, data_dir, why);
    if (!why.empty()) std::printf("%s\n", why.c_str());
  }
  if (!o.model.empty()) config.model = with_model(config.model, o.model);
  if (!o.precision.empty()) config.train.precision = o.precision;
  if (o.batch > 0) config.train.batch = o.batch;
  if (o.batch == 0 || o.batch < -1) throw usage_error("--batch must be at least 1");
  if (o.seed >= 0) config.train.seed = uint64_t(o.seed);
  if (o.lr_given) config.train.lr = o.lr;
  if (o.kl_weight >= 0) config.train.kl_weight = o.kl_weight;
  if (o.keep > 0) config.train.keep_checkpoints = o.keep;
  if (o.steps >= 0) config.train.steps = o.steps;
  validate(config, "command line");
  return config;
}

void print_new_run(const TrainOptions& o, const TrainingRun& run, torch::Device device) {
  const RunConfig& config = run.trainer->config();
  std::printf(
      "new run %s: preset %s, model %s, data %s (%zu train / %zu held-out images), %lld parameters, device %s\n",
      o.out.c_str(), config.preset.c_str(), config.model.model.c_str(), config.data.c_str(), run.train_data->size(),
      run.heldout_data->size(), (long long)run.trainer->model()->parameter_count(), device.str().c_str());
  if (!run.train_data->note.empty()) std::printf("data: %s\n", run.train_data->note.c_str());
}

// One process: create or resume the run folder. Sets `target`.
std::unique_ptr<TrainingRun> open_local(const TrainOptions& o, const std::string& data_dir, torch::Device device,
                                        int64_t& target) {
  std::unique_ptr<TrainingRun> run;
  if (!o.resume.empty()) {
    if (!o.out.empty() && o.out != o.resume) throw usage_error("--out cannot be combined with --resume");
    run = resume_run(o.resume, data_dir, device);
    if (!run->warning.empty()) std::fprintf(stderr, "vlae: warning: %s\n", run->warning.c_str());
    if (o.keep > 0) run->keep_checkpoints = o.keep;
    target = o.steps >= 0 ? o.steps : run->trainer->config().train.steps;
    std::printf("resuming %s at step %lld\n", o.resume.c_str(), (long long)run->trainer->step_count());
  } else {
    if (o.out.empty()) throw usage_error("train needs --out RUN (or --resume RUN)");
    const RunConfig config = new_run_config(o, data_dir);
    target = config.train.steps;
    run = create_run(o.out, config, data_dir, device);
    print_new_run(o, *run, device);
    print_heldout("at start", run->trainer->evaluate(*run->heldout_data, 1000));
  }
  return run;
}

// One rank of a data-parallel run. Rank 0 decides the config and target (from its command line or
// its run folder) and alone writes the run folder; the others take both from rank 0 and need only
// the data. Sets `target`.
std::unique_ptr<TrainingRun> open_distributed(const TrainOptions& o, const DistConfig& dc, const std::string& data_dir,
                                              torch::Device device, int64_t& target) {
  DistStart start;
  if (dc.rank == 0) {  // refuse what rank 0 can see is wrong before anyone waits on it
    if (!o.resume.empty()) {
      if (!o.out.empty() && o.out != o.resume) throw usage_error("--out cannot be combined with --resume");
      start.config = load_run_folder_config(o.resume);
      start.resume = true;
      start.target = o.steps >= 0 ? o.steps : start.config.train.steps;
    } else {
      if (o.out.empty()) throw usage_error("train needs --out RUN (or --resume RUN)");
      start.config = new_run_config(o, data_dir);
      start.target = start.config.train.steps;
    }
    check_world_divides_batch(dc.world_size, start.config.train.batch);
  }
  const std::shared_ptr<DistGroup> group = DistGroup::connect(dc, device);
  start = share_start(*group, start);
  std::unique_ptr<TrainingRun> run = open_on_all_ranks(*group, [&] {
    if (!group->is_root()) return join_run(start.config, data_dir, device, group);
    return start.resume ? resume_run(o.resume, data_dir, device, group)
                        : create_run(o.out, start.config, data_dir, device, group);
  });
  sync_run_from_rank0(*group, *run, start.resume);
  target = start.target;
  const int global = run->trainer->config().train.batch;
  if (group->is_root()) {
    if (!run->warning.empty()) std::fprintf(stderr, "vlae: warning: %s\n", run->warning.c_str());
    if (o.keep > 0) run->keep_checkpoints = o.keep;
    if (start.resume)
      std::printf("resuming %s at step %lld\n", o.resume.c_str(), (long long)run->trainer->step_count());
    else
      print_new_run(o, *run, device);
  }
  std::printf("rank %d of %d (%s, rendezvous %s:%d): %d of the %d images of each step, from step %lld\n", group->rank(),
              group->size(), group->backend().c_str(), dc.host.c_str(), dc.port, global / group->size(), global,
              (long long)run->trainer->step_count());
  if (group->is_root() && !start.resume) print_heldout("at start", run->trainer->evaluate(*run->heldout_data, 1000));
  std::fflush(stdout);
  return run;
}

// Test hook: with VLAE_TEST_WEIGHT_LOG=PATH each process appends "step fingerprint" after every
// step to PATH.rankR, so a test can check that all ranks hold identical weights at every step.
class WeightLog {
 public:
  explicit WeightLog(int rank) {
    if (const char* p = std::getenv("VLAE_TEST_WEIGHT_LOG"); p && *p)
      out_.open(std::string(p) + ".rank" + std::to_string(rank), std::ios::app);
  }
  void note(int64_t step, Model& model) {
    if (out_.is_open()) out_ << step << ' ' << weights_fingerprint(model) << std::endl;
  }

 private:
  std::ofstream out_;
};

int train(const TrainOptions& o) {
  const DistConfig dc = resolve_dist_config(o.dist);
  use_threads(o.threads);
  const torch::Device device = resolve_device(o.device);
  const std::string data_dir = data_dir_or_default(o.data_dir);
  int64_t target = o.steps;
  std::unique_ptr<TrainingRun> run =
      dc.enabled() ? open_distributed(o, dc, data_dir, device, target) : open_local(o, data_dir, device, target);
  const bool distributed = run->dist != nullptr;
  Trainer& trainer = *run->trainer;
  const TrainConfig& tc = trainer.config().train;
  if (const std::string blas = blas_core_notice(); !blas.empty()) std::printf("%s\n", blas.c_str());

  g_stop_signal = 0;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);

  Progress progress(target, tc.batch);
  // Rank 0 alone measures: it writes the run folder.
  std::unique_ptr<HierarchyTracker> tracker;
  if (o.track_hierarchy && run->writes_files) tracker = std::make_unique<HierarchyTracker>(run->paths.hierarchy);
  const auto offer_snapshot = [&] {
    if (!tracker || !tracker->wants(trainer.step_count())) return;
    tracker->offer(make_snapshot(trainer.config(), trainer.model(), trainer.step_count(), run->paths.checkpoint),
                   run->wall_s, run->train_data, run->heldout_data);
  };
  run->restart_clock();
  NonFiniteGuard nonfinite;
  WeightLog weight_log(dc.rank);
  bool stopped = false;
  while (trainer.step_count() < target) {
    // One process stops at once; ranks pass the wish on with the step, so all stop after the same one.
    if (!distributed && g_stop_signal != 0) break;
    const StepResult r = trainer.step(g_stop_signal != 0);
    const std::optional<MetricsRecord> rec = run->after_step(r, /*force_log=*/r.step == target);
    weight_log.note(r.step, trainer.model());
    if (nonfinite.note(r.applied)) {
      progress.finish();
      if (run->has_unsaved_steps()) run->save();
      const std::string where = run->writes_files ? "checkpoint " + run->paths.checkpoint + " holds step " +
                                                        std::to_string(trainer.step_count())
                                                  : "rank 0 keeps the checkpoint";
      throw Error("training stopped: " + NonFiniteGuard::message(r.step, trainer.lr()) + " (--lr); " + where);
    }
    if (rec) progress.update(rec->step, rec->loss, rec->images_per_s);
    if (tracker) {
      if (tracker->collect() && !tracker->error().empty())
        std::fprintf(stderr, "hierarchy measurement failed: %s\n", tracker->error().c_str());
      if (r.step % std::max(1, tc.log_every) == 0) offer_snapshot();
    }
    if (r.stop) {
      stopped = true;
      break;
    }
  }
  progress.finish();
  if (run->has_unsaved_steps()) run->save();  // after_step may have just written the final step
  if (tracker) {
    tracker->finish();
    offer_snapshot();  // the final step too, when it is 10% past the last measured
    tracker->finish();
    if (!tracker->history().empty()) {
      const HierarchyPoint& last = tracker->history().back();
      const auto& layers = last.report.layers;
      double largest_share = 0;
      for (const LayerReport& l : layers) largest_share = std::max(largest_share, l.variation_share);
      std::printf(
          "hierarchy at step %lld (%zu measurements in %s): k-NN bottom %.3f, top %.3f; largest variation share %.2f\n",
          (long long)last.report.step, tracker->history().size(), run->paths.hierarchy.c_str(),
          layers.front().knn_accuracy, layers.back().knn_accuracy, largest_share);
    }
  }
  if (stopped || (!distributed && g_stop_signal != 0)) {
    if (run->writes_files)
      std::printf("stopped by signal at step %lld; checkpoint saved to %s\n", (long long)trainer.step_count(),
                  run->paths.checkpoint.c_str());
    else
      std::printf("stopped by signal at step %lld with the other ranks; rank 0 saved the checkpoint\n",
                  (long long)trainer.step_count());
    return 0;
  }
  if (!run->writes_files) {
    std::printf("done: step %lld (rank %d; rank 0 wrote the run folder)\n", (long long)trainer.step_count(), dc.rank);
    return 0;
  }
  print_heldout("at end", trainer.evaluate(*run->heldout_data, 1000));
  std::printf("done: step %lld, checkpoint %s\n", (long long)trainer.step_count(), run->paths.checkpoint.c_str());
  return 0;
}

const bool train_registered = register_command(
    {"train", "Train a new run or resume one", 10, [](CLI::App& cmd) -> CommandRun {
       auto t = std::make_shared<TrainOptions>();
       cmd.add_option("--preset", t->preset,
                      "Preset name (mnist, svhn, celeba, mnist-hvae, ...) or a config JSON path");
       cmd.add_option(
           "--precision", t->precision,
           "fp32, or bf16: fully connected layers multiply in bfloat16 (fp32 weights); default: the preset's");
       cmd.add_option("--model", t->model,
                      "Model: vlae (the ladder), hvae (the Markov baseline) or vae (one latent layer with all the "
                      "dims; a beta-VAE with train.kl_weight = beta); default: the preset's")
           ->check(CLI::IsMember({"vlae", "hvae", "vae"}));
       cmd.add_option("--data", t->data,
                      "Data set: a registered name or KIND:PATH (e.g. shapes, svhn:extra, celeba:DIR, folder:DIR, "
                      "idx:DIR; see `vlae data list`). Default: the preset's, or shapes when mnist is not fetched");
       cmd.add_option("--steps", t->steps, "Train until the run has this many steps in total")
           ->check(whole_number_in(1, 1000000000));
       cmd.add_option("--out", t->out, "Run folder to create");
       cmd.add_option("--resume", t->resume, "Run folder to continue");
       cmd.add_option("--batch", t->batch, "Batch size")->check(whole_number_in(1, 65536));
       cmd.add_option("--seed", t->seed, "Seed for weights, batch order and noise")
           ->check(whole_number_in(0, kMaxSeed));
       auto* lr = cmd.add_option("--lr", t->lr, "Learning rate")->check(real_in(0, 1, true));
       cmd.add_option("--kl-weight", t->kl_weight,
                      "KL weight beta (4 with --model vae: a beta-VAE); default: the preset's")
           ->check(real_in(0, 1000));
       cmd.add_flag(
           "--track-hierarchy", t->track_hierarchy,
           "Measure the hierarchy report (as vlae report) whenever the run has grown 10%, into RUN/hierarchy.jsonl");
       cmd.add_option("--keep", t->keep, "Checkpoints to keep: checkpoint.pt and K-1 older, numbered ones (default 3)")
           ->check(whole_number_in(1, 1000));
       add_threads(cmd, t->threads);
       cmd.add_option("--device", t->device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
       add_data_dir(cmd, t->data_dir);
       // Each distributed setting overrides the environment only when given.
       struct DistGiven {
         int world_size = 0, rank = 0;
         std::string master;
         double timeout_s = 0;
       };
       auto dist = std::make_shared<DistGiven>();
       auto* world =
           cmd.add_option("--world-size", dist->world_size,
                          "Data-parallel processes in all (default $WORLD_SIZE, else 1); --batch is the global batch")
               ->check(whole_number_in(1, 1024));
       auto* rank =
           cmd.add_option("--rank", dist->rank,
                          "This process's rank, 0 .. world size - 1 (default $RANK); rank 0 writes the run folder")
               ->check(whole_number_in(0, 1023));
       auto* master = cmd.add_option("--master", dist->master,
                                     "HOST:PORT where rank 0 meets the others (default $MASTER_ADDR:$MASTER_PORT)");
       auto* timeout =
           cmd.add_option("--dist-timeout", dist->timeout_s,
                          "Seconds to wait for the other ranks to connect or answer before giving up (default 60)")
               ->check(real_in(0, 86400, true));
       return [t, dist, lr, world, rank, master, timeout] {
         t->lr_given = lr->count() > 0;
         if (world->count() > 0) t->dist.world_size = dist->world_size;
         if (rank->count() > 0) t->dist.rank = dist->rank;
         if (master->count() > 0) t->dist.master = dist->master;
         if (timeout->count() > 0) t->dist.timeout_s = dist->timeout_s;
         return train(*t);
       };
     }});

}  // namespace

}  // namespace vlae::cli
