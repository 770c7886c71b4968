#include "core/explore/interpolation.h"

#include "core/common/error.h"
#include "core/explore/grids.h"

namespace vlae {

using nlohmann::json;

namespace {
// The rows of the strip: which layers each row moves, with the sidecar's description.
struct StripRows {
  std::vector<std::vector<bool>> moving;
  json info = json::array();
  std::vector<double> ts;
};

StripRows strip_rows(int layers, const InterpolationSpec& spec) {
  if (spec.n < 2 || spec.n > 100) throw usage_error("--n must be between 2 and 100, not " + std::to_string(spec.n));
  std::vector<int> chosen = spec.layers;
  if (chosen.empty())
    for (int l = 0; l < layers; ++l) chosen.push_back(l);
  // One row per chosen layer alone, then all chosen together.
  StripRows r;
  for (int l : chosen) {
    std::vector<bool> m(size_t(layers), false);
    m[size_t(l)] = true;
    r.moving.push_back(m);
    r.info.push_back({{"moving", {l + 1}}});
  }
  if (chosen.size() > 1) {
    std::vector<bool> m(size_t(layers), false);
    json moving = json::array();
    for (int l : chosen) {
      m[size_t(l)] = true;
      moving.push_back(l + 1);
    }
    r.moving.push_back(m);
    r.info.push_back({{"moving", moving}});
  }
  for (int c = 0; c < spec.n; ++c) r.ts.push_back(double(c) / (spec.n - 1));
  return r;
}
}  // namespace

Grid interpolation_grid(Model& model, const LatentCode& a, const LatentCode& b, const InterpolationSpec& spec) {
  const StripRows r = strip_rows(int(a.size()), spec);
  std::vector<LatentCode> codes;
  for (const auto& moving : r.moving)
    for (double t : r.ts) codes.push_back(interpolate_code(a, b, t, moving, spec.slerp));
  Grid g;
  g.rows = int(r.moving.size());
  g.cols = spec.n;
  g.image = tile_images(decode_codes(model, codes), g.rows, g.cols);
  g.sidecar = json{{"kind", "interpolate"},
                   {"mode", spec.slerp ? "slerp" : "linear"},
                   {"rows", g.rows},
                   {"cols", g.cols},
                   {"t", r.ts},
                   {"row_layers", r.info},
                   {"from", a},
                   {"to", b},
                   {"codes", codes},
                   {"order", "row-major; other layers held at A"}};
  return g;
}

Animation interpolation_animation(Model& model, const LatentCode& a, const LatentCode& b,
                                  const InterpolationSpec& spec) {
  const StripRows r = strip_rows(int(a.size()), spec);
  const int scale = animation_scale(model->config().height);
  Animation out;
  json frames = json::array(), frame_t = json::array();
  for (int i : back_and_forth(spec.n)) {
    const double t = r.ts[size_t(i)];
    std::vector<LatentCode> codes;
    for (const auto& moving : r.moving) codes.push_back(interpolate_code(a, b, t, moving, spec.slerp));
    out.frames.push_back(animation_frame(decode_codes(model, codes), scale));
    frames.push_back(codes);
    frame_t.push_back(t);
  }
  out.sidecar = json{{"kind", "interpolate-animation"},
                     {"mode", spec.slerp ? "slerp" : "linear"},
                     {"panels", r.info},
                     {"order", "panels left to right as the strip's rows; other layers held at A"},
                     {"t", frame_t},
                     {"scale", scale},
                     {"from", a},
                     {"to", b},
                     {"frames", frames}};
  return out;
}

}  // namespace vlae
