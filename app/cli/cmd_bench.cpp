// `vlae bench`: prints the benchmark as a table or JSON.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/perf/benchmark.h"

namespace vlae::cli {

int bench(const BenchArgs& a) {
  set_threads(a.threads);
  BenchOptions o;
  o.preset = a.preset;
  o.batch = a.batch;
  o.threads = a.threads;
  o.decode_threads = a.decode_threads;
  o.device = a.device;
  o.decode_precision = a.decode_precision;
  o.precision = a.precision;
  o.trace_path = a.trace;
  const nlohmann::json j = run_benchmark(o);
  if (a.json) {
    std::cout << j.dump(2) << std::endl;
    return 0;
  }
  for (const auto& [key, value] : j.items())
    if (!value.is_array())
      std::cout << key << std::string(key.size() < 36 ? 36 - key.size() : 1, ' ') << value.dump() << "\n";
  return 0;
}

}  // namespace vlae::cli
