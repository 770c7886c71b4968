#pragma once
// Images of a data set as the float NCHW tensor the models take.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"

namespace vlae {

// Converts images [first index list] to a float NCHW tensor in the preset's pixel range
// (bytes / 255, or that * 2 - 1 for the signed range). Safe to call from any thread.
torch::Tensor images_to_tensor(const Dataset& data, const std::vector<int64_t>& indices, bool signed_range);

}  // namespace vlae
