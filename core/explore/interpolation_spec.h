#pragma once
// Interpolation between two codes A and B, per layer: linear, or spherical (slerp, which keeps a
// Gaussian code's norm where linear steps pass near the origin). Torch-free: the GUI's t slider
// moves the code with it; interpolation.h decodes the strips.
#include <string>
#include <vector>

#include "core/explore/latent_code.h"

namespace vlae {

struct InterpolationSpec {
  int n = 8;                // steps from t = 0 (A) to t = 1 (B)
  std::vector<int> layers;  // 0-based, bottom = 0; empty: every layer
  bool slerp = false;
};

// The code at t in [0, 1]: layers marked in `moving` go from A to B, the others stay at A.
LatentCode interpolate_code(const LatentCode& a, const LatentCode& b, double t, const std::vector<bool>& moving,
                            bool slerp);

// Parses "all" or a comma list of 1-based layers ("1,3") against a model's layer count; throws a
// usage error naming a layer that does not exist.
std::vector<int> parse_layer_list(const std::string& text, int layers);

}  // namespace vlae
