#pragma once
// What a traversal figure is made of (torch-free, shared by the CLI, the decoder and the GUI).
#include <array>
#include <cstdint>
#include <string>

namespace vlae {

struct TraverseSpec {
  std::string mode = "grid";      // "grid": 2-D linspace(-range, range, n) sweep of two of the layer's dims
                                  // "resample": one shared base code, only the layer resampled per cell
  int layer = 0;                  // 0-based, bottom = 0
  std::array<int, 2> dims{0, 1};  // grid mode: the layer's dims on the x and y axes (0-based)
  int n = 10;                     // cells per side
  double range = 2.0;
  bool others_fixed = false;  // grid mode: hold other layers at one draw instead of fresh per cell
  uint64_t seed = 0;
};

}  // namespace vlae
