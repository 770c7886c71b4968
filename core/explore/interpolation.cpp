#include "core/explore/interpolation.h"

#include "core/common/error.h"
#include "core/explore/grids.h"

namespace vlae {

using nlohmann::json;

Grid interpolation_grid(Model& model, const LatentCode& a, const LatentCode& b, const InterpolationSpec& spec) {
  const int layers = int(a.size());
  if (spec.n < 2 || spec.n > 100) throw usage_error("--n must be between 2 and 100, not " + std::to_string(spec.n));
  std::vector<int> chosen = spec.layers;
  if (chosen.empty())
    for (int l = 0; l < layers; ++l) chosen.push_back(l);
  // One row per chosen layer alone, then all chosen together.
  std::vector<std::vector<bool>> rows;
  json row_info = json::array();
  for (int l : chosen) {
    std::vector<bool> m(size_t(layers), false);
    m[size_t(l)] = true;
    rows.push_back(m);
    row_info.push_back({{"moving", {l + 1}}});
  }
  if (chosen.size() > 1) {
    std::vector<bool> m(size_t(layers), false);
    json moving = json::array();
    for (int l : chosen) {
      m[size_t(l)] = true;
      moving.push_back(l + 1);
    }
    rows.push_back(m);
    row_info.push_back({{"moving", moving}});
  }
  std::vector<LatentCode> codes;
  std::vector<double> ts;
  for (int c = 0; c < spec.n; ++c) ts.push_back(double(c) / (spec.n - 1));
  for (const auto& moving : rows)
    for (double t : ts) codes.push_back(interpolate_code(a, b, t, moving, spec.slerp));
  Grid g;
  g.rows = int(rows.size());
  g.cols = spec.n;
  g.image = tile_images(decode_codes(model, codes), g.rows, g.cols);
  g.sidecar = json{{"kind", "interpolate"},
                   {"mode", spec.slerp ? "slerp" : "linear"},
                   {"rows", g.rows},
                   {"cols", g.cols},
                   {"t", ts},
                   {"row_layers", row_info},
                   {"from", a},
                   {"to", b},
                   {"codes", codes},
                   {"order", "row-major; other layers held at A"}};
  return g;
}

}  // namespace vlae
