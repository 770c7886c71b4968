// `vlae sample | reconstruct | traverse | info`: read a checkpoint, write PNG grids with JSON sidecars.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/io/atomic_file.h"
#include "core/explore/attribute_direction.h"
#include "core/explore/grids.h"
#include "core/explore/traverse_animation.h"
#include "core/explore/traverse_spec.h"
#include "core/run/checkpoint.h"

namespace vlae::cli {

namespace {

// What sample, reconstruct and traverse share.
struct GridOptions {
  std::string run, out;
  int n = 10, threads = -1;
  uint64_t seed = 0;
  std::string data, data_dir;  // reconstruct only
};

// `animated`: --out may also be a GIF or MP4.
void add_grid_options(CLI::App& cmd, GridOptions& g, bool data, bool animated = false) {
  cmd.add_option("run", g.run, "Run folder or checkpoint file")->required();
  if (animated)
    cmd.add_option("--out", g.out,
                   "Output FILE.png, or FILE.gif / FILE.mp4 to animate the sweep (a .json sidecar is written beside "
                   "it)")
        ->required()
        ->check(file_extension_in({".png", ".gif", ".mp4"}));
  else
    cmd.add_option("--out", g.out, "Output FILE.png (a .json sidecar is written beside it)")
        ->required()
        ->check(file_extension_in({".png"}));
  cmd.add_option("--n", g.n, "Cells per side of the grid (default 10)")->check(whole_number_in(1, 100));
  cmd.add_option("--seed", g.seed, "Seed of the prior draws")->check(whole_number_in(0, kMaxSeed));
  add_threads(cmd, g.threads);
  if (data) {
    cmd.add_option("--data", g.data, "Data set to reconstruct (default: the run's)");
    add_data_dir(cmd, g.data_dir);
  }
}

// Loads the run after the CPU plan is applied, writes the grid and says what it wrote.
template <typename MakeGrid>
int write_figure(const GridOptions& o, MakeGrid make) {
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  const Grid g = make(lm);
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  std::printf("wrote %s (%dx%d pixels, %d rows x %d cols) and its .json sidecar\n", o.out.c_str(), g.image.width,
              g.image.height, g.rows, g.cols);
  return 0;
}

// The sweep as a looping GIF or MP4 with a sidecar of every frame's codes.
int write_traverse_animation(const GridOptions& o, const TraverseSpec& spec, bool all_layers, int fps) {
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  return save_animation(o.out, traverse_animation(lm.model, spec, all_layers), fps, lm.checkpoint_path, lm.step);
}

// Rows of prior draws moved along a direction written by `vlae direction`.
int write_direction_traverse(const GridOptions& o, const std::string& direction_file, double range) {
  if (is_animation_path(o.out)) throw usage_error("--direction writes a PNG grid; give --out FILE.png");
  const nlohmann::json j = nlohmann::json::parse(read_file(direction_file), nullptr, false);
  if (j.is_discarded()) throw usage_error(direction_file + ": not JSON");
  const AttributeDirection d = direction_from_json(j, direction_file);
  return write_figure(o, [&](LoadedModel& lm) { return direction_grid(lm.model, d, o.n, range, o.seed); });
}

const bool sample_registered = register_command(
    {"sample", "Grid of ancestral samples from the prior", 20, [](CLI::App& cmd) -> CommandRun {
       struct Options {
         GridOptions grid;
         std::string temperature;
       };
       auto o = std::make_shared<Options>();
       add_grid_options(cmd, o->grid, false);
       cmd.add_option("--temperature", o->temperature,
                      "Scale of each layer's draw, bottom to top (1,1,0.5), or one for all (default 1)");
       return [o] {
         return write_figure(o->grid, [&](LoadedModel& lm) {
           const std::vector<double> t =
               o->temperature.empty() ? std::vector<double>{}
                                      : parse_temperatures(o->temperature, lm.config.model.layers(), "--temperature");
           return sample_grid(lm.model, o->grid.n, o->grid.seed, t);
         });
       };
     }});

const bool reconstruct_registered = register_command(
    {"reconstruct", "Held-out images beside their reconstructions", 21, [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<GridOptions>();
       add_grid_options(cmd, *o, true);
       return [o] {
         return write_figure(*o, [&](LoadedModel& lm) {
           const ModelConfig& m = lm.config.model;
           const DataSplit split =
               load_data(o->data.empty() ? lm.config.data : o->data, data_dir_or_default(o->data_dir),
                         ImageShape{m.channels, m.height, m.width});
           return reconstruction_grid(lm.model, split.heldout, o->n);
         });
       };
     }});

const bool traverse_registered = register_command(
    {"traverse", "Traversal grids of one layer or of all layers (Figures 5-7)", 22, [](CLI::App& cmd) -> CommandRun {
       struct Options {
         GridOptions grid;
         TraverseSpec spec;  // bound straight to the options; layer is 1-based on the command line
         bool all_layers = false;
         std::string others = "fresh", direction;
         std::vector<int> dims;
         int fps = 12;
       };
       auto o = std::make_shared<Options>();
       add_grid_options(cmd, o->grid, false, true);
       cmd.add_option("--layer", o->spec.layer, "Layer to traverse, 1 = bottom")->check(whole_number_in(1, 512));
       cmd.add_flag("--all-layers", o->all_layers, "One panel per layer, bottom to top, side by side");
       cmd.add_option("--mode", o->spec.mode,
                      "grid: 2-D linspace(-R, R, N) sweep; resample: draw the layer from the prior")
           ->check(CLI::IsMember({"grid", "resample"}));
       cmd.add_option("--range", o->spec.range, "Sweep range R for grid mode (default 2)")
           ->check(real_in(0, 100, true));
       cmd.add_option("--others", o->others, "Grid mode: other layers drawn fresh per cell or held fixed")
           ->check(CLI::IsMember({"fresh", "fixed"}));
       cmd.add_option("--dims", o->dims,
                      "Grid mode: the two dims swept on the x and y axes, 1-based (default 1,2; e.g. the two "
                      "with the most KL in `vlae report`)")
           ->delimiter(',')
           ->expected(2)
           ->check(whole_number_in(1, 4096));
       cmd.add_option("--direction", o->direction,
                      "FILE.json from `vlae direction`: rows of prior draws moved along it, t from -R to R")
           ->check(file_extension_in({".json"}));
       add_fps(cmd, o->fps);
       return [o] {
         if (!o->direction.empty() && (o->all_layers || o->spec.layer != 0))
           throw usage_error("--direction names its own layer: give no --layer or --all-layers with it");
         if (!o->direction.empty()) return write_direction_traverse(o->grid, o->direction, o->spec.range);
         if (o->all_layers == (o->spec.layer != 0))
           throw usage_error("traverse needs exactly one of --layer L, --all-layers and --direction FILE.json");
         TraverseSpec spec = o->spec;
         spec.layer = o->all_layers ? 0 : spec.layer - 1;
         spec.n = o->grid.n;
         spec.seed = o->grid.seed;
         spec.others_fixed = o->others == "fixed";
         if (!o->dims.empty()) spec.dims = {o->dims[0] - 1, o->dims[1] - 1};
         if (is_animation_path(o->grid.out)) return write_traverse_animation(o->grid, spec, o->all_layers, o->fps);
         return write_figure(o->grid, [&](LoadedModel& lm) {
           return o->all_layers ? traverse_all_layers(lm.model, spec) : traverse_grid(lm.model, spec);
         });
       };
     }});

int info(const std::string& run, bool as_json) {
  LoadedModel lm = load_model(run);
  nlohmann::json j = {{"run", run},
                      {"checkpoint", lm.checkpoint_path},
                      {"step", lm.step},
                      {"wall_s", lm.wall_s},
                      {"parameters", lm.model->parameter_count()},
                      {"layers", lm.config.model.layers()},
                      {"latent_dims", lm.config.model.latent_dims},
                      {"config", to_json(lm.config)}};
  if (as_json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("run:         %s\ncheckpoint:  %s\nstep:        %lld\npreset:      %s\ndata:        %s\n", run.c_str(),
              lm.checkpoint_path.c_str(), (long long)lm.step, lm.config.preset.c_str(), lm.config.data.c_str());
  std::printf("parameters:  %lld\nlayers:      %d, latent dims", (long long)lm.model->parameter_count(),
              lm.config.model.layers());
  for (int d : lm.config.model.latent_dims) std::printf(" %d", d);
  std::printf("\ncombine:     %s\nlikelihood:  %s\nbatch, lr:   %d, %g\ntrain time:  %.0f s\n",
              lm.config.model.combine.c_str(), lm.config.model.likelihood.c_str(), lm.config.train.batch,
              lm.config.train.lr, lm.wall_s);
  return 0;
}

const bool info_registered =
    register_command({"info", "Show a run's config, step and parameter count", 11, [](CLI::App& cmd) -> CommandRun {
                        struct Options {
                          std::string run;
                          bool json = false;
                        };
                        auto o = std::make_shared<Options>();
                        cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
                        add_json(cmd, o->json);
                        return [o] { return info(o->run, o->json); };
                      }});

}  // namespace
}  // namespace vlae::cli
