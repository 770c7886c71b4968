// `vlae gibbs` and `vlae report`: the paper's Figure 2 and the hierarchy measured in numbers.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/explore/gibbs.h"
#include "core/explore/measure_hierarchy.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"

namespace vlae::cli {

namespace {
DataSplit load_run_data(const LoadedModel& lm, const std::string& data, const std::string& data_dir) {
  const ModelConfig& m = lm.config.model;
  return load_data(data.empty() ? lm.config.data : data, data_dir.empty() ? default_data_dir() : data_dir,
                   ImageShape{m.channels, m.height, m.width});
}
}  // namespace

int gibbs(const GibbsOptions& o) {
  if (o.out.empty()) throw usage_error("--out FILE.png is required");
  if (o.from_data && o.from_noise) throw usage_error("give at most one of --from-data and --from-noise");
  if (o.samples < 0 || o.samples > 50)
    throw usage_error("--samples must be between 0 and 50, not " + std::to_string(o.samples));
  set_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  GibbsFigure f;
  f.chains = o.chains;
  f.steps = o.steps;
  f.columns = o.columns;
  f.sample_columns = o.samples;
  f.from_data = !o.from_noise;
  f.seed = uint64_t(o.seed);
  DataSplit split;
  if (f.from_data) split = load_run_data(lm, o.data, o.data_dir);
  Grid g = gibbs_figure(lm.model, f, f.from_data ? &split.heldout : nullptr);
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  std::printf("wrote %s: %d chains of %lld steps from %s (%s), %d ancestral samples per row, and its .json sidecar\n",
              o.out.c_str(), g.rows, (long long)o.steps, f.from_data ? "held-out images" : "noise",
              lm.config.model.model.c_str(), o.samples);
  return 0;
}

int hierarchy_report(const ReportOptionsCli& o) {
  if (o.bases < 1 || o.bases > 1000)
    throw usage_error("--bases must be between 1 and 1000, not " + std::to_string(o.bases));
  if (o.resamples < 2 || o.resamples > 1000)
    throw usage_error("--resamples must be between 2 and 1000, not " + std::to_string(o.resamples));
  if (o.probe_train < 1 || o.probe_test < 1) throw usage_error("--probe-train and --probe-test must be at least 1");
  set_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  const DataSplit split = load_run_data(lm, o.data, o.data_dir);
  ReportOptions opt;
  opt.bases = o.bases;
  opt.resamples = o.resamples;
  opt.probe_train = o.probe_train;
  opt.probe_test = o.probe_test;
  opt.seed = uint64_t(o.seed);
  HierarchyReport r = measure_hierarchy(lm.model, split.train, split.heldout, opt);
  r.run = o.run;
  r.model = lm.config.model.model;
  r.data = o.data.empty() ? lm.config.data : o.data;
  r.step = lm.step;
  const std::string json = to_json(r).dump(2) + "\n";
  if (!o.out.empty()) write_file_atomic(o.out, json);
  if (o.json)
    std::cout << json;
  else
    std::cout << format_table(r);
  return 0;
}

}  // namespace vlae::cli
