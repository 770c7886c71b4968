#pragma once
// `vlae bench`: training throughput against this machine's sgemm rate, and decode latency with and
// without training running beside it. A benchmark, never a timed test.
#include <string>

#include <nlohmann/json.hpp>

namespace vlae {

struct BenchOptions {
  std::string preset = "mnist";
  int batch = 100;
  int threads = 2;         // trainer intra-op threads
  int decode_threads = 0;  // 0: as the explorer, every core when idle and one while training
  std::string device = "auto";
  std::string decode_precision = "auto";  // of the headline decode figures; every kind is also timed
  std::string precision;                  // training precision of the headline figures; empty: the preset's
  std::string trace_path;                 // when set: a Chrome trace of a few training steps, from LibTorch's profiler
  int trace_steps = 3;
  int warmup_steps = 2;
  int windows = 3, steps_per_window = 3;
  int decode_samples = 200;
};

nlohmann::json run_benchmark(const BenchOptions& options);

}  // namespace vlae
