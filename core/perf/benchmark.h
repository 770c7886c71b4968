#pragma once
// `vlae bench`: training throughput against this machine's sgemm rate, and decode latency with and
// without training running beside it. A benchmark, never a timed test.
#include <string>

#include <nlohmann/json.hpp>

namespace vlae {

struct BenchOptions {
  std::string preset = "mnist";
  int batch = 100;
  int threads = 2;          // trainer intra-op threads
  int decode_threads = 1;
  std::string device = "auto";
  std::string decode_precision = "auto";
  std::string precision;  // training precision of the headline figures; empty: the preset's  // of the headline decode figures; every kind is also timed
  int warmup_steps = 2;
  int windows = 3, steps_per_window = 3;
  int decode_samples = 200;
};

nlohmann::json run_benchmark(const BenchOptions& options);

}  // namespace vlae
