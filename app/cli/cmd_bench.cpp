// `vlae bench`: prints the benchmark as a table or JSON.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/perf/benchmark.h"
#include "core/perf/time_to_hierarchy.h"

namespace vlae::cli {

namespace {

struct BenchCommand {
  BenchOptions options;  // bound straight to the options
  bool json = false;
  bool time_to_hierarchy = false;
  TimeToHierarchyOptions hierarchy;  // --time-to-hierarchy's own options
  bool preset_given = false;
};

int bench(const BenchCommand& c) {
  use_threads(c.options.threads);
  nlohmann::json j;
  if (c.time_to_hierarchy) {
    TimeToHierarchyOptions h = c.hierarchy;
    if (c.preset_given) h.preset = c.options.preset;
    h.threads = c.options.threads;
    j = time_to_hierarchy(h);
  } else {
    j = run_benchmark(c.options);
  }
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
                      "two 10x10 grids to FILE.json")
           ->check(file_extension_in({".json"}));
       add_json(cmd, c->json);
       TimeToHierarchyOptions& h = c->hierarchy;
       cmd.add_flag("--time-to-hierarchy", c->time_to_hierarchy,
                    "Instead: train the preset (default mnist-quick) from scratch and say when the MNIST hierarchy "
                    "first holds (top-layer k-NN >= 0.55, bottom <= 0.35, no layer above 0.6 of the variation)");
       cmd.add_option("--max-seconds", h.max_seconds, "--time-to-hierarchy: training seconds to give up after (600)")
           ->check(real_in(1, 1e6));
       cmd.add_option("--every", h.every, "--time-to-hierarchy: steps between measurements (default 50)")
           ->check(whole_number_in(1, 1000000));
       cmd.add_option("--seed", h.seed, "--time-to-hierarchy: seed (default: the preset's)")
           ->check(whole_number_in(0, kMaxSeed));
       add_data_dir(cmd, h.data_dir);
       return [c, &cmd] {
         c->preset_given = cmd.get_option("--preset")->count() > 0;
         return bench(*c);
       };
     }});

}  // namespace
}  // namespace vlae::cli
