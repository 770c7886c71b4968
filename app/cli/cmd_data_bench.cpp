// `vlae data bench SPEC`: how fast a data set loads (decode or cache), how fast batches are
// assembled, and what the loader thread saves a training step. A measurement, never a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/data/registry.h"
#include "core/train/trainer.h"

namespace vlae::cli {
namespace {

struct DataBenchOptions {
  std::string spec, preset = "mnist", data_dir;
  int batch = -1, threads = -1, steps = 0;  // steps > 0 also times training with and without the loader thread
};

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Mean seconds per training step after two warm-up steps.
double seconds_per_step(const RunConfig& config, std::shared_ptr<const Dataset> data, int depth, int steps) {
  Trainer trainer(config, std::move(data), torch::kCPU, depth);
  for (int i = 0; i < 2; ++i) trainer.step().loss.item<double>();
  const auto t0 = Clock::now();
  for (int i = 0; i < steps; ++i) trainer.step().loss.item<double>();
  return since(t0) / steps;
}
// Peak and current memory from /proc: anonymous pages are RAM the process owns; file pages of a
// mapped cache are the kernel's page cache, shared and dropped under pressure.
void print_memory(const char* when) {
  std::ifstream status("/proc/self/status");
  std::string line, out;
  while (std::getline(status, line))
    for (const char* key : {"VmHWM:", "RssAnon:", "RssFile:"})
      if (line.rfind(key, 0) == 0)
        out += "  " + line.substr(0, line.find(':')) + " " +
               std::to_string(std::stol(line.substr(line.find(':') + 1)) / 1024) + " MB";
  std::printf("memory %s:%s\n", when, out.c_str());
}

int data_bench(const DataBenchOptions& o) {
  use_threads(o.threads);
  const std::string data_dir = data_dir_or_default(o.data_dir);
  RunConfig config = load_preset(o.preset);
  config.data = o.spec;
  if (o.batch > 0) config.train.batch = o.batch;
  const ModelConfig& m = config.model;

  auto t0 = Clock::now();
  DataSplit split = load_data(o.spec, data_dir, ImageShape{m.channels, m.height, m.width});
  const double load_s = since(t0);
  const size_t n = split.train.size() + split.heldout.size();
  std::printf("data %s: %zu images (%zu train / %zu held-out) of %dx%dx%d, %zu file(s) skipped\n", o.spec.c_str(), n,
              split.train.size(), split.heldout.size(), split.train.channels, split.train.height, split.train.width,
              split.train.skipped_files);
  if (!split.train.note.empty()) std::printf("  %s\n", split.train.note.c_str());
  std::printf("load: %.3f s, %.0f images/s\n", load_s, load_s > 0 ? double(n) / load_s : 0.0);
  print_memory("after loading");

  auto train = std::make_shared<const Dataset>(std::move(split.train));
  BatchSampler sampler(train, config.train.batch, 1, m.pixel_range == "signed");
  const int64_t batches = std::max<int64_t>(sampler.steps_per_epoch(), 20);
  t0 = Clock::now();
  for (int64_t s = 0; s < batches; ++s) sampler.batch_for_step(s);
  const double batch_s = since(t0);
  std::printf(
      "batches: %lld of %d in %.3f s, %.0f images/s (one pass over the set: every page of a mapped cache read)\n",
      (long long)batches, sampler.batch(), batch_s, double(batches) * sampler.batch() / batch_s);
  print_memory("after the batch pass");

  if (o.steps > 0) {
    const double without = seconds_per_step(config, train, 0, o.steps);
    const double with = seconds_per_step(config, train, 2, o.steps);
    std::printf("training step (%s, batch %d, %d steps): %.1f ms without the loader thread, %.1f ms with it\n",
                config.preset.c_str(), config.train.batch, o.steps, without * 1e3, with * 1e3);
  }
  return 0;
}

const bool data_bench_registered = register_command(
    {"data bench", "Time loading a data set (decode or cache), batches and the loader thread", 2,
     [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<DataBenchOptions>();
       cmd.add_option("spec", o->spec, "Data set: a registered name or KIND:PATH")->required();
       cmd.add_option("--preset", o->preset, "Preset or config JSON whose image shape the data is brought to");
       cmd.add_option("--batch", o->batch, "Batch size (default: the preset's)")->check(whole_number_in(1, 65536));
       cmd.add_option("--steps", o->steps, "Also time this many training steps with and without the loader thread")
           ->check(whole_number_in(1, 100000));
       add_threads(cmd, o->threads);
       add_data_dir(cmd, o->data_dir);
       return [o] { return data_bench(*o); };
     }});

}  // namespace
}  // namespace vlae::cli
