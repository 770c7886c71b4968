#pragma once
// Attribute directions of a model's layers (code_direction.h) measured on a data set, and the
// traversal figure along one.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/explore/code_direction.h"
#include "core/explore/grid_file.h"
#include "core/explore/latent_code.h"
#include "core/model/latent_model.h"

namespace vlae {

// The direction from the images of `data` labelled `from` to those labelled `to` (at most
// `max_per_label` of each, chosen with `seed`). Throws a usage error naming the label when the data
// set has no such labels, or no image with one of the two values.
AttributeDirection attribute_direction(Model& model, const Dataset& data, int layer, const std::string& attribute,
                                       int64_t from, int64_t to, size_t max_per_label, uint64_t seed);

// n rows of n images: each row a code drawn from the prior (`seed`), moved along the direction by
// t = linspace(-range, range, n) (t = 1 moves it by the whole difference of the two means); the
// sidecar holds every cell's code and t.
Grid direction_grid(Model& model, const AttributeDirection& d, int n, double range, uint64_t seed);

}  // namespace vlae
