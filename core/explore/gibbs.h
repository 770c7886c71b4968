#pragma once
// The Gibbs chain of Proposition 1 on the bottom layer: z1 ~ q(z1 | x), x <- mean of p(x | z1),
// repeated. For an HVAE the chain alone regenerates data-like images, which is why its upper
// layers can learn little; a VLAE's bottom layer needs the upper codes, held fixed here.
#include <vector>

#include "core/data/dataset.h"
#include "core/explore/animation.h"
#include "core/explore/grid_file.h"
#include "core/model/latent_model.h"

namespace vlae {

struct GibbsChainState {
  torch::Tensor x;                   // [chains, C, H, W] current images in the data range
  std::vector<torch::Tensor> upper;  // codes of layers 2..L (used by the VLAE only)
  int64_t step = 0;                  // Gibbs steps taken
  uint64_t seed = 0;
};

// Starts `chains` chains from held-out images (from_data; the first `chains` of a seeded random
// pick, their upper codes at the posterior means) or from uniform noise images (upper codes drawn
// from the prior).
GibbsChainState start_gibbs(Model& model, int chains, bool from_data, const Dataset* data, uint64_t seed);

// Advances every chain `steps` steps; the noise of step t depends only on (seed, t).
void advance_gibbs(Model& model, GibbsChainState& state, int64_t steps);

struct GibbsFigure {
  int chains = 8;
  int64_t steps = 100;
  int columns = 10;        // chain snapshots shown, evenly spaced from step 0 to `steps`
  int sample_columns = 4;  // ancestral samples shown beside the chains
  bool from_data = true;
  uint64_t seed = 0;
};

// Figure 2: each row a chain at evenly spaced steps, and beside them ancestral samples.
Grid gibbs_figure(Model& model, const GibbsFigure& figure, const Dataset* data);
// The chain as a movie: one frame per Gibbs step from 0 to `figure.steps` (at most 1,000), the
// chains side by side; the sidecar holds each frame's bottom code (z1's posterior mean) per chain
// and the upper codes, which stay fixed.
Animation gibbs_animation(Model& model, const GibbsFigure& figure, const Dataset* data);

}  // namespace vlae
