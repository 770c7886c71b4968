// `vlae`: the command-line face of vlae-explorer. Parses arguments and maps errors to exit codes:
// 0 success, 1 runtime error (bad file, bad data), 2 usage error; errors are one stderr line.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include <c10/util/Exception.h>

#include "app/cli/commands.h"
#include "app/cli/option_ranges.h"
#include "core/common/cpu_features.h"
#include "core/common/error.h"
#include "core/common/malloc_tuning.h"
#include "core/common/startup_environment.h"

using namespace vlae::cli;

VLAE_STARTUP_ENVIRONMENT_AT_LOAD

namespace {
int fail(const std::string& message, int code) {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::cerr << "vlae: error: " << line << std::endl;
  return code;
}

// Options several subcommands share, defined once.
void add_data_dir(CLI::App* cmd, std::string& dir) {
  cmd->add_option("--data-dir", dir, "Data folder (default $VLAE_DATA_DIR or ./data)");
}
void add_threads(CLI::App* cmd, int& threads) {
  cmd->add_option("--threads", threads, "Intra-op threads (default: all cores)")
      ->check(whole_number_in(1, kMaxThreads));
}

void add_grid_options(CLI::App* cmd, GridOptions& g, bool data) {
  cmd->add_option("run", g.run, "Run folder or checkpoint file")->required();
  cmd->add_option("--out", g.out, "Output PNG (a .json sidecar is written beside it)")->required();
  cmd->add_option("--n", g.n, "Cells per side of the grid (default 10)")->check(whole_number_in(1, 100));
  cmd->add_option("--seed", g.seed, "Seed of the prior draws")->check(whole_number_in(0, kMaxSeed));
  add_threads(cmd, g.threads);
  if (data) {
    cmd->add_option("--data", g.data, "Data set to reconstruct (default: the run's)");
    add_data_dir(cmd, g.data_dir);
  }
}
}  // namespace

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  CLI::App app{"vlae: train and explore Variational Ladder Autoencoders"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");

  TrainOptions t;
  auto* train_cmd = app.add_subcommand("train", "Train a new run or resume one");
  train_cmd->add_option("--preset", t.preset,
                        "Preset name (mnist, svhn, celeba, mnist-hvae, ...) or a config JSON path");
  train_cmd->add_option(
      "--precision", t.precision,
      "fp32, or bf16: fully connected layers multiply in bfloat16 (fp32 weights); default: the preset's");
  train_cmd
      ->add_option("--model", t.model, "Model: vlae (the ladder) or hvae (the Markov baseline); default: the preset's")
      ->check(CLI::IsMember({"vlae", "hvae"}));
  train_cmd->add_option("--data", t.data,
                        "Data set: a registered name or KIND:PATH (e.g. shapes, svhn:extra, celeba:DIR, folder:DIR, "
                        "idx:DIR; see `vlae data list`). Default: the preset's, or shapes when mnist is not fetched");
  train_cmd->add_option("--steps", t.steps, "Train until the run has this many steps in total")
      ->check(whole_number_in(1, 1000000000));
  train_cmd->add_option("--out", t.out, "Run folder to create");
  train_cmd->add_option("--resume", t.resume, "Run folder to continue");
  train_cmd->add_option("--batch", t.batch, "Batch size")->check(whole_number_in(1, 65536));
  train_cmd->add_option("--seed", t.seed, "Seed for weights, batch order and noise")
      ->check(whole_number_in(0, kMaxSeed));
  auto* lr_opt = train_cmd->add_option("--lr", t.lr, "Learning rate");
  train_cmd->add_option("--keep", t.keep, "Checkpoints to keep: checkpoint.pt and K-1 older, numbered ones (default 3)")
      ->check(whole_number_in(1, 1000));
  add_threads(train_cmd, t.threads);
  train_cmd->add_option("--device", t.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  add_data_dir(train_cmd, t.data_dir);
  int world_size = 0, rank = 0;
  std::string master;
  double dist_timeout = 0;
  auto* world_opt =
      train_cmd
          ->add_option("--world-size", world_size,
                       "Data-parallel processes in all (default $WORLD_SIZE, else 1); --batch is the global batch")
          ->check(whole_number_in(1, 1024));
  auto* rank_opt =
      train_cmd
          ->add_option("--rank", rank,
                       "This process's rank, 0 .. world size - 1 (default $RANK); rank 0 writes the run folder")
          ->check(whole_number_in(0, 1023));
  auto* master_opt = train_cmd->add_option(
      "--master", master, "HOST:PORT where rank 0 meets the others (default $MASTER_ADDR:$MASTER_PORT)");
  auto* timeout_opt =
      train_cmd->add_option("--dist-timeout", dist_timeout,
                            "Seconds to wait for the other ranks to connect or answer before giving up (default 60)");

  std::string info_run;
  bool info_json = false;
  auto* info_cmd = app.add_subcommand("info", "Show a run's config, step and parameter count");
  info_cmd->add_option("run", info_run, "Run folder or checkpoint file")->required();
  info_cmd->add_flag("--json", info_json, "Print JSON");

  GridOptions s, r, v;
  auto* sample_cmd = app.add_subcommand("sample", "Grid of ancestral samples from the prior");
  add_grid_options(sample_cmd, s, false);
  auto* recon_cmd = app.add_subcommand("reconstruct", "Held-out images beside their reconstructions");
  add_grid_options(recon_cmd, r, true);
  auto* trav_cmd = app.add_subcommand("traverse", "Traversal grids of one layer or of all layers (Figures 5-7)");
  add_grid_options(trav_cmd, v, false);
  trav_cmd->add_option("--layer", v.layer, "Layer to traverse, 1 = bottom")->check(whole_number_in(1, 512));
  trav_cmd->add_flag("--all-layers", v.all_layers, "One panel per layer, bottom to top, side by side");
  trav_cmd->add_option("--mode", v.mode, "grid: 2-D linspace(-R, R, N) sweep; resample: draw the layer from the prior")
      ->check(CLI::IsMember({"grid", "resample"}));
  trav_cmd->add_option("--range", v.range, "Sweep range R for grid mode (default 2)");
  trav_cmd->add_option("--others", v.others, "Grid mode: other layers drawn fresh per cell or held fixed")
      ->check(CLI::IsMember({"fresh", "fixed"}));

  GibbsOptions g;
  auto* gibbs_cmd = app.add_subcommand("gibbs", "Gibbs chain on the bottom layer beside ancestral samples (Figure 2)");
  gibbs_cmd->add_option("run", g.run, "Run folder or checkpoint file")->required();
  gibbs_cmd->add_option("--steps", g.steps, "Gibbs steps (default 100)")->check(whole_number_in(1, 100000));
  gibbs_cmd->add_flag("--from-data", g.from_data, "Start from held-out images (the default)");
  gibbs_cmd->add_flag("--from-noise", g.from_noise, "Start from uniform noise images");
  gibbs_cmd->add_option("--out", g.out, "Output FILE.png (a .json sidecar is written beside it)");
  gibbs_cmd->add_option("--chains", g.chains, "Chains, one per row (default 8)")->check(whole_number_in(1, 100));
  gibbs_cmd->add_option("--columns", g.columns, "Snapshots per chain, evenly spaced (default 10)")
      ->check(whole_number_in(2, 50));
  gibbs_cmd
      ->add_option("--samples", g.samples, "Columns of ancestral samples beside the chains, 0 for none (default 4)")
      ->check(whole_number_in(0, 50));
  gibbs_cmd->add_option("--seed", g.seed, "Seed of the start and the chain noise")->check(whole_number_in(0, kMaxSeed));
  gibbs_cmd->add_option("--data", g.data, "Data set for --from-data (default: the run's)");
  add_data_dir(gibbs_cmd, g.data_dir);
  add_threads(gibbs_cmd, g.threads);

  ReportOptionsCli rep;
  auto* report_cmd = app.add_subcommand(
      "report", "Measure the learned hierarchy: variation share, label probes, KL, active units per layer");
  report_cmd->add_option("run", rep.run, "Run folder or checkpoint file")->required();
  report_cmd->add_option("--data", rep.data, "Data set for the probes (default: the run's)");
  add_data_dir(report_cmd, rep.data_dir);
  report_cmd->add_flag("--json", rep.json, "Print JSON instead of the table");
  report_cmd->add_option("--out", rep.out, "Also write the JSON to this file");
  report_cmd->add_option("--bases", rep.bases, "Base codes for the variation share (default 32)")
      ->check(whole_number_in(1, 1000));
  report_cmd->add_option("--resamples", rep.resamples, "Draws of the varied layer per base code (default 16)")
      ->check(whole_number_in(2, 1000));
  report_cmd->add_option("--probe-train", rep.probe_train, "Training images the probes are fit on (default 2000)")
      ->check(whole_number_in(1, 1000000));
  report_cmd->add_option("--probe-test", rep.probe_test, "Held-out images the probes are scored on (default 1000)")
      ->check(whole_number_in(1, 1000000));
  report_cmd->add_option("--seed", rep.seed, "Seed of the codes and the probe subsets")
      ->check(whole_number_in(0, kMaxSeed));
  add_threads(report_cmd, rep.threads);

  BenchArgs b;
  auto* bench_cmd = app.add_subcommand("bench", "Benchmark training throughput and decode latency");
  bench_cmd->add_option("--preset", b.preset, "Preset name or config JSON path");
  bench_cmd->add_option("--batch", b.batch, "Batch size (default 100)")->check(whole_number_in(1, 65536));
  bench_cmd->add_option("--threads", b.threads, "Trainer intra-op threads (default 2)")
      ->check(whole_number_in(1, kMaxThreads));
  bench_cmd
      ->add_option("--decode-threads", b.decode_threads,
                   "Decoder threads (default: as the explorer, every core when idle, one while training)")
      ->check(whole_number_in(1, kMaxThreads));
  bench_cmd->add_option("--device", b.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  bench_cmd->add_option(
      "--decode-precision", b.decode_precision,
      "Decoder of the headline figures: auto (bf16 where the CPU has AVX-512 BF16), module, fp32, bf16");
  bench_cmd->add_option("--precision", b.precision,
                        "Training precision of the headline figures: fp32 or bf16 (both are timed)");
  bench_cmd->add_option("--trace", b.trace,
                        "Also write a Chrome trace (LibTorch's profiler) of 3 training steps, 10 one-image decodes and "
                        "two 10x10 grids to FILE");
  bench_cmd->add_flag("--json", b.json, "Print JSON");

  std::string data_name, data_dir;
  auto* data_cmd = app.add_subcommand("data", "Data sets");
  data_cmd->require_subcommand(1);
  auto* fetch_cmd = data_cmd->add_subcommand("fetch", "Fetch or check a data set (mnist, fashion-mnist)");
  fetch_cmd->add_option("name", data_name, "Data set name")->required();
  add_data_dir(fetch_cmd, data_dir);
  auto* list_cmd = data_cmd->add_subcommand("list", "List the data sets with their size, shape and source");
  add_data_dir(list_cmd, data_dir);
  DataBenchOptions db;
  auto* dbench_cmd =
      data_cmd->add_subcommand("bench", "Time loading a data set (decode or cache), batches and the loader thread");
  dbench_cmd->add_option("spec", db.spec, "Data set: a registered name or KIND:PATH")->required();
  dbench_cmd->add_option("--preset", db.preset, "Preset or config JSON whose image shape the data is brought to");
  dbench_cmd->add_option("--batch", db.batch, "Batch size (default: the preset's)")->check(whole_number_in(1, 65536));
  dbench_cmd->add_option("--steps", db.steps, "Also time this many training steps with and without the loader thread")
      ->check(whole_number_in(1, 100000));
  add_threads(dbench_cmd, db.threads);
  add_data_dir(dbench_cmd, db.data_dir);

  if (*vlae::vlae_cpu_isa_setting_error() != '\0') return fail(vlae::vlae_cpu_isa_setting_error(), 2);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ValidationError& e) {
    // CLI11 writes "--n: must be ..."; the range checks' sentences read "--n must be ...".
    std::string message = e.what();
    if (const size_t colon = message.find(": must be "); colon != std::string::npos) message.erase(colon, 1);
    return fail(message, 2);
  } catch (const CLI::ParseError& e) {
    return fail(e.what(), 2);
  }

  t.lr_given = lr_opt->count() > 0;
  if (world_opt->count() > 0) t.dist.world_size = world_size;
  if (rank_opt->count() > 0) t.dist.rank = rank;
  if (master_opt->count() > 0) t.dist.master = master;
  if (timeout_opt->count() > 0) t.dist.timeout_s = dist_timeout;
  try {
    if (*train_cmd) return train(t);
    if (*info_cmd) return info(info_run, info_json);
    if (*sample_cmd) return sample(s);
    if (*recon_cmd) return reconstruct(r);
    if (*trav_cmd) return traverse(v);
    if (*gibbs_cmd) return gibbs(g);
    if (*report_cmd) return hierarchy_report(rep);
    if (*bench_cmd) return bench(b);
    if (*fetch_cmd) return data_fetch(data_name, data_dir);
    if (*list_cmd) return data_list(data_dir);
    if (*dbench_cmd) return data_bench(db);
  } catch (const vlae::Error& e) {
    return fail(e.what(), e.kind() == vlae::ErrorKind::Usage ? 2 : 1);
  } catch (const c10::Error& e) {
    return fail(e.what_without_backtrace(), 1);
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
  return 0;
}
