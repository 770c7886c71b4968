#pragma once
// The `vlae` subcommands. Each returns the process exit status; errors propagate as vlae::Error.
#include <cstdint>
#include <string>

#include "core/train/dist_config.h"

namespace vlae::cli {

struct TrainOptions {
  std::string preset = "mnist", data, out, resume, device = "auto";
  std::string model;      // "vlae" | "hvae"; empty: the preset's
  std::string precision;  // "fp32" | "bf16"; empty: the preset's
  int64_t steps = -1;     // total steps for the run; -1: the config's train.steps
  int batch = -1, threads = -1;
  int64_t seed = -1;
  double lr = -1;
  bool lr_given = false;  // any value given, so that a bad one (0, -1, nan) is refused, not ignored
  int keep = -1;          // checkpoints to keep; -1: the config's train.keep_checkpoints
  std::string data_dir;
  vlae::DistArgs dist;  // --world-size, --rank, --master, --dist-timeout (absent: the environment, or one process)
};
int train(const TrainOptions& o);

struct GridOptions {
  std::string run, out, mode = "grid", others = "fresh";
  int n = -1, layer = 0;  // layer: 1-based; 0 = not given
  int threads = -1;
  bool all_layers = false;
  double range = 2.0;
  int64_t seed = 0;
  std::string data_dir, data;
};
int sample(const GridOptions& o);
int reconstruct(const GridOptions& o);
int traverse(const GridOptions& o);

int info(const std::string& run, bool as_json);

struct GibbsOptions {
  std::string run, out, data, data_dir;
  int64_t steps = 100, seed = 0;
  int chains = 8, columns = 10, samples = 4, threads = -1;
  bool from_data = false, from_noise = false;
};
int gibbs(const GibbsOptions& o);

struct ReportOptionsCli {
  std::string run, data, data_dir, out;
  bool json = false;
  int bases = 32, resamples = 16, probe_train = 2000, probe_test = 1000, threads = -1;
  int64_t seed = 0;
};
int hierarchy_report(const ReportOptionsCli& o);
int data_fetch(const std::string& name, const std::string& data_dir);
int data_list(const std::string& data_dir);

struct DataBenchOptions {
  std::string spec, preset = "mnist", data_dir;
  int batch = -1, threads = -1, steps = 0;  // steps > 0 also times training with and without the loader thread
};
int data_bench(const DataBenchOptions& o);

struct BenchArgs {
  std::string preset = "mnist", device = "auto";
  std::string decode_precision = "auto", precision, trace;
  int batch = 100, threads = 2, decode_threads = 0;
  bool json = false;
};
int bench(const BenchArgs& a);

// Threads for LibTorch's intra-op pool; -1 picks the machine's core count.
void set_threads(int threads);

}  // namespace vlae::cli
