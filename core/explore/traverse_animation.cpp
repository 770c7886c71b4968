#include "core/explore/traverse_animation.h"

#include <algorithm>
#include <random>

#include "core/common/error.h"
#include "core/explore/grids.h"

namespace vlae {

using nlohmann::json;

Animation traverse_animation(Model& model, const TraverseSpec& spec, bool all_layers, int scale) {
  const ModelConfig& m = model->config();
  if (spec.n < 2 || spec.n > 100) throw usage_error("--n must be between 2 and 100, not " + std::to_string(spec.n));
  if (!(spec.range > 0 && spec.range <= 100)) throw usage_error("--range must be in (0, 100]");
  std::vector<int> layers;
  if (all_layers) {
    for (int l = 0; l < m.layers(); ++l) layers.push_back(l);
  } else {
    if (spec.layer < 0 || spec.layer >= m.layers())
      throw usage_error("--layer must be between 1 and " + std::to_string(m.layers()));
    layers.push_back(spec.layer);
  }
  std::vector<double> values;
  for (int i : back_and_forth(spec.n)) values.push_back(-spec.range + 2 * spec.range * i / (spec.n - 1));
  if (scale <= 0) scale = animation_scale(m.height);
  std::mt19937_64 rng(spec.seed);
  const LatentCode base = prior_code(m.latent_dims, rng);

  Animation out;
  json frames = json::array();
  for (double v : values) {
    std::vector<LatentCode> codes;
    for (int l : layers) {
      LatentCode c = base;
      c[size_t(l)][0] = float(v);
      codes.push_back(std::move(c));
    }
    out.frames.push_back(animation_frame(decode_codes(model, codes), scale));
    frames.push_back(codes);
  }
  json panel_layers = json::array();
  for (int l : layers) panel_layers.push_back(l + 1);
  out.sidecar = json{{"kind", "traverse-animation"},
                     {"layers", panel_layers},
                     {"order", "panels bottom to top, left to right; each moves its layer's first dim"},
                     {"values", values},
                     {"range", spec.range},
                     {"n", spec.n},
                     {"seed", spec.seed},
                     {"scale", scale},
                     {"base", base},
                     {"frames", frames}};
  return out;
}

}  // namespace vlae
