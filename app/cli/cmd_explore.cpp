// `vlae sample | reconstruct | traverse | info`: read a checkpoint, write PNG grids with JSON sidecars.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/explore/grids.h"
#include "core/run/checkpoint.h"

namespace vlae::cli {

namespace {
void require_out(const GridOptions& o) {
  if (o.out.empty()) throw usage_error("--out FILE.png is required");
}

void report(const std::string& path, const Grid& g) {
  std::printf("wrote %s (%dx%d pixels, %d rows x %d cols) and its .json sidecar\n", path.c_str(), g.image.width,
              g.image.height, g.rows, g.cols);
}
}  // namespace

int sample(const GridOptions& o) {
  require_out(o);
  set_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  Grid g = sample_grid(lm.model, o.n < 0 ? 10 : o.n, uint64_t(o.seed));
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  report(o.out, g);
  return 0;
}

int reconstruct(const GridOptions& o) {
  require_out(o);
  set_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  const std::string data_dir = o.data_dir.empty() ? default_data_dir() : o.data_dir;
  const ModelConfig& m = lm.config.model;
  const DataSplit split =
      load_data(o.data.empty() ? lm.config.data : o.data, data_dir, ImageShape{m.channels, m.height, m.width});
  Grid g = reconstruction_grid(lm.model, split.heldout, o.n < 0 ? 10 : o.n);
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  report(o.out, g);
  return 0;
}

int traverse(const GridOptions& o) {
  require_out(o);
  if (o.all_layers == (o.layer != 0)) throw usage_error("traverse needs exactly one of --layer L and --all-layers");
  if (o.others != "fresh" && o.others != "fixed")
    throw usage_error("--others must be fresh or fixed, not '" + o.others + "'");
  set_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  TraverseSpec spec;
  spec.mode = o.mode;
  spec.n = o.n < 0 ? 10 : o.n;
  spec.range = o.range;
  spec.others_fixed = o.others == "fixed";
  spec.seed = uint64_t(o.seed);
  spec.layer = o.layer - 1;
  Grid g = o.all_layers ? traverse_all_layers(lm.model, spec) : traverse_grid(lm.model, spec);
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  report(o.out, g);
  return 0;
}

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

}  // namespace vlae::cli
