// `vlae bench`: prints the benchmark as a table or JSON.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/perf/benchmark.h"

namespace vlae::cli {

namespace {

struct BenchCommand {
  BenchOptions options;  // bound straight to the options
  bool json = false;
};

int bench(const BenchCommand& c) {
  use_threads(c.options.threads);
  const nlohmann::json j = run_benchmark(c.options);
  if (c.json) {
    std::cout << j.dump(2) << std::endl;
    return 0;
  }
  for (const auto& [key, value] : j.items())
    if (!value.is_array())
      std::cout << key << std::string(key.size() < 36 ? 36 - key.size() : 1, ' ') << value.dump() << "\n";
  return 0;
}

const bool bench_registered = register_command(
    {"bench", "Benchmark training throughput and decode latency", 40, [](CLI::App& cmd) -> CommandRun {
       auto c = std::make_shared<BenchCommand>();
       BenchOptions& o = c->options;
       cmd.add_option("--preset", o.preset, "Preset name or config JSON path");
       cmd.add_option("--batch", o.batch, "Batch size (default 100)")->check(whole_number_in(1, 65536));
       add_threads(cmd, o.threads, "Trainer intra-op threads (default 2)");
       cmd.add_option("--decode-threads", o.decode_threads,
                      "Decoder threads (default: as the explorer, every core when idle, one while training)")
           ->check(whole_number_in(1, kMaxThreads));
       cmd.add_option("--device", o.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
       cmd.add_option(
           "--decode-precision", o.decode_precision,
           "Decoder of the headline figures: auto (bf16 where the CPU has AVX-512 BF16), module, fp32, bf16");
       cmd.add_option("--precision", o.precision,
                      "Training precision of the headline figures: fp32 or bf16 (both are timed)");
       cmd.add_option("--trace", o.trace_path,
                      "Also write a Chrome trace (LibTorch's profiler) of 3 training steps, 10 one-image decodes and "
                      "two 10x10 grids to FILE");
       add_json(cmd, c->json);
       return [c] { return bench(*c); };
     }});

}  // namespace
}  // namespace vlae::cli
