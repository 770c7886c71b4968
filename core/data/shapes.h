#pragma once
// `shapes`: a data set drawn in code, so there is always something to train on (no files, no
// network). Each image is one shape on black, chosen by six known factors at different levels
// of abstraction; every factor is a label column (Dataset::factor_names / factors) and the label
// is the shape class. Any size and 1 or 3 channels: 1x28x28 fits the mnist preset unchanged.
#include <cstdint>

#include "core/data/dataset.h"

namespace vlae {

constexpr int kShapesImages = 20000;
constexpr uint64_t kShapesSeed = 0x7368617065735631ULL;  // "shapesV1": the registered set never changes

// Factors, as class indices:
//   shape  0 square, 1 circle, 2 triangle, 3 cross   (the label)
//   size   0..2 small to large
//   x, y   0..4 position of the centre, left to right / top to bottom
//   fill   0 thin outline, 1 thick outline, 2 filled
//   colour 0..3: red, green, blue, yellow (3 channels) or brightness 255, 205, 155, 105 (grey)
Dataset make_shapes(int count, int channels, int height, int width, uint64_t seed);

}  // namespace vlae
