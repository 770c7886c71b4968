#pragma once
// A traversal as a movie: one frame per step of the layer's first dim from -range to range and
// back, the other layers (and the layer's other dims) held at one draw from the prior, so only
// that dim moves. With every layer, each layer's panel moves its own first dim, side by side.
#include "core/explore/animation.h"
#include "core/explore/traverse_spec.h"
#include "core/model/latent_model.h"

namespace vlae {

// `spec.n` steps each way (2n - 2 frames in all); frames are enlarged `scale` times (nearest),
// 0: to about 100 pixels high, so a viewer shows small images at a useful size.
Animation traverse_animation(Model& model, const TraverseSpec& spec, bool all_layers, int scale = 0);

}  // namespace vlae
