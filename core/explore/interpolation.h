#pragma once
// The interpolation strip asks the paper's question "what does this layer alone change?": one row
// per chosen layer moving from A to B while the others stay at A, and, for several layers, a last
// row moving them all together.
#include "core/explore/animation.h"
#include "core/explore/grid_file.h"
#include "core/explore/interpolation_spec.h"
#include "core/model/latent_model.h"

namespace vlae {

// Rows as above, `spec.n` columns; the sidecar holds every cell's code and t.
Grid interpolation_grid(Model& model, const LatentCode& a, const LatentCode& b, const InterpolationSpec& spec);
// The same as a movie: one frame per t, A to B and back, the rows' panels side by side.
Animation interpolation_animation(Model& model, const LatentCode& a, const LatentCode& b,
                                  const InterpolationSpec& spec);

}  // namespace vlae
