// `vlae gibbs` and `vlae report`: the paper's Figure 2 and the hierarchy measured in numbers.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/explore/attribute_direction.h"
#include "core/explore/gibbs.h"
#include "core/explore/measure_hierarchy.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"

namespace vlae::cli {

namespace {
DataSplit load_run_data(const LoadedModel& lm, const std::string& data, const std::string& data_dir) {
  const ModelConfig& m = lm.config.model;
  return load_data(data.empty() ? lm.config.data : data, data_dir_or_default(data_dir),
                   ImageShape{m.channels, m.height, m.width});
}

struct GibbsOptions {
  std::string run, out, data, data_dir;
  int threads = -1, fps = 12;
  bool from_data = false, from_noise = false;
  GibbsFigure figure;  // bound straight to the options
};

int gibbs(const GibbsOptions& o) {
  if (o.out.empty()) throw usage_error("--out FILE.png (or FILE.gif / FILE.mp4) is required");
  if (o.from_data && o.from_noise) throw usage_error("give at most one of --from-data and --from-noise");
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  GibbsFigure f = o.figure;
  f.from_data = !o.from_noise;
  DataSplit split;
  if (f.from_data) split = load_run_data(lm, o.data, o.data_dir);
  if (is_animation_path(o.out))
    return save_animation(o.out, gibbs_animation(lm.model, f, f.from_data ? &split.heldout : nullptr), o.fps,
                          lm.checkpoint_path, lm.step);
  Grid g = gibbs_figure(lm.model, f, f.from_data ? &split.heldout : nullptr);
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  std::printf("wrote %s: %d chains of %lld steps from %s (%s), %d ancestral samples per row, and its .json sidecar\n",
              o.out.c_str(), g.rows, (long long)f.steps, f.from_data ? "held-out images" : "noise",
              lm.config.model.model.c_str(), f.sample_columns);
  return 0;
}

const bool gibbs_registered = register_command(
    {"gibbs", "Gibbs chain on the bottom layer beside ancestral samples (Figure 2)", 30,
     [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<GibbsOptions>();
       GibbsFigure& f = o->figure;
       cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
       cmd.add_option("--steps", f.steps, "Gibbs steps (default 100)")->check(whole_number_in(1, 100000));
       cmd.add_flag("--from-data", o->from_data, "Start from held-out images (the default)");
       cmd.add_flag("--from-noise", o->from_noise, "Start from uniform noise images");
       cmd.add_option("--out", o->out,
                      "Output FILE.png, or FILE.gif / FILE.mp4 to animate every step (a .json sidecar is written "
                      "beside it)")
           ->check(file_extension_in({".png", ".gif", ".mp4"}));
       add_fps(cmd, o->fps);
       cmd.add_option("--chains", f.chains, "Chains, one per row (default 8)")->check(whole_number_in(1, 100));
       cmd.add_option("--columns", f.columns, "Snapshots per chain, evenly spaced (default 10)")
           ->check(whole_number_in(2, 50));
       cmd.add_option("--samples", f.sample_columns,
                      "Columns of ancestral samples beside the chains, 0 for none (default 4)")
           ->check(whole_number_in(0, 50));
       cmd.add_option("--seed", f.seed, "Seed of the start and the chain noise")->check(whole_number_in(0, kMaxSeed));
       cmd.add_option("--data", o->data, "Data set for --from-data (default: the run's)");
       add_data_dir(cmd, o->data_dir);
       add_threads(cmd, o->threads);
       return [o] { return gibbs(*o); };
     }});

struct ReportCommand {
  std::string run, data, data_dir, out;
  bool json = false;
  int threads = -1;
  ReportOptions options;  // bound straight to the options
};

int hierarchy_report(const ReportCommand& o) {
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  const DataSplit split = load_run_data(lm, o.data, o.data_dir);
  HierarchyReport r = measure_hierarchy(lm.model, split.train, split.heldout, o.options);
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

const bool report_registered = register_command(
    {"report", "Measure the learned hierarchy: variation share, label probes, KL, active units, held-out likelihood",
     31, [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<ReportCommand>();
       ReportOptions& opt = o->options;
       cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
       cmd.add_option("--data", o->data, "Data set for the probes (default: the run's)");
       add_data_dir(cmd, o->data_dir);
       add_json(cmd, o->json, "Print JSON instead of the table");
       cmd.add_option("--out", o->out, "Also write the JSON to this FILE.json")->check(file_extension_in({".json"}));
       cmd.add_option("--bases", opt.bases, "Base codes for the variation share (default 32)")
           ->check(whole_number_in(1, 1000));
       cmd.add_option("--resamples", opt.resamples, "Draws of the varied layer per base code (default 16)")
           ->check(whole_number_in(2, 1000));
       cmd.add_option("--probe-train", opt.probe_train, "Training images the probes are fit on (default 2000)")
           ->check(whole_number_in(1, 1000000));
       cmd.add_option("--probe-test", opt.probe_test, "Held-out images the probes are scored on (default 1000)")
           ->check(whole_number_in(1, 1000000));
       cmd.add_option("--metric-samples", opt.metric_samples,
                      "Held-out images behind MIG, SAP and DCI, for data with factors (default 10000); 0 skips "
                      "those metrics, and the JSON then has no \"disentanglement\" key")
           ->check(whole_number_in(0, 1000000));
       cmd.add_option("--iw-samples", opt.iw_samples,
                      "K of the importance-weighted bound on the held-out likelihood (nll_nats, bits_per_dim), "
                      "over the --probe-test images (default 32: under a minute for the full mnist preset on 2 cores); "
                      "0 skips it and leaves those keys out")
           ->check(whole_number_in(0, 100000));
       cmd.add_option("--seed", opt.seed, "Seed of the codes and the probe subsets")
           ->check(whole_number_in(0, kMaxSeed));
       add_threads(cmd, o->threads);
       return [o] { return hierarchy_report(*o); };
     }});

struct DirectionCommand {
  std::string run, data, data_dir, out, attribute = "class", split = "test";
  int layer = 0, threads = -1, max_images = 1000;
  int64_t from = 0, to = 0;
  uint64_t seed = 0;
};

int direction(const DirectionCommand& o) {
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  const DataSplit split = load_run_data(lm, o.data, o.data_dir);
  AttributeDirection d = attribute_direction(lm.model, o.split == "train" ? split.train : split.heldout, o.layer - 1,
                                             o.attribute, o.from, o.to, size_t(o.max_images), o.seed);
  nlohmann::json j = to_json(d);
  j["run"] = o.run;
  j["step"] = lm.step;
  j["data"] = o.data.empty() ? lm.config.data : o.data;
  j["split"] = o.split;
  write_file_atomic(o.out, j.dump(1) + "\n");
  double length = 0;
  for (float v : d.direction) length += double(v) * v;
  std::printf("wrote %s: layer %d, %s %lld -> %lld, length %.3f over %zu + %zu images, probe accuracy %.2f\n",
              o.out.c_str(), o.layer, o.attribute.c_str(), (long long)o.from, (long long)o.to, std::sqrt(length),
              d.count_from, d.count_to, d.probe_accuracy);
  return 0;
}

const bool direction_registered = register_command(
    {"direction", "A layer's direction from one label to another (mean code of B minus A, and a probe's normal)", 32,
     [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<DirectionCommand>();
       cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
       cmd.add_option("--layer", o->layer, "Layer, 1 = bottom")->required()->check(whole_number_in(1, 512));
       cmd.add_option("--from", o->from, "Label A (a class, or a value of --attribute)")->required();
       cmd.add_option("--to", o->to, "Label B")->required();
       cmd.add_option("--attribute", o->attribute,
                      "class (default), or a factor of the data set (shapes: shape, size, ...)");
       cmd.add_option("--out", o->out, "Output FILE.json, for `vlae traverse --direction`")
           ->required()
           ->check(file_extension_in({".json"}));
       cmd.add_option("--data", o->data, "Data set of the labelled images (default: the run's)");
       add_data_dir(cmd, o->data_dir);
       cmd.add_option("--split", o->split, "test (held out, the default) or train")
           ->check(CLI::IsMember({"test", "train"}));
       cmd.add_option("--max-images", o->max_images, "Images of each label used, at most (default 1000)")
           ->check(whole_number_in(1, 1000000));
       cmd.add_option("--seed", o->seed, "Seed of the images chosen")->check(whole_number_in(0, kMaxSeed));
       add_threads(cmd, o->threads);
       return [o] { return direction(*o); };
     }});

}  // namespace
}  // namespace vlae::cli
