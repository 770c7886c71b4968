#pragma once
// The paper's figures as functions: traversal grids (Figure 5), per-layer resample panels
// (Figures 6, 7), ancestral samples and reconstructions. Each returns the image and the exact
// codes behind every cell, so a sidecar JSON can reproduce it.
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/image.h"
#include "core/data/dataset.h"
#include "core/explore/grid_file.h"
#include "core/explore/latent_code.h"
#include "core/explore/traverse_spec.h"
#include "core/model/latent_model.h"

namespace vlae {

// Decodes a batch of codes into images (inference mode, batch norm in eval).
std::vector<Image> decode_codes(Model& model, const std::vector<LatentCode>& codes);
std::vector<Image> tensor_to_images(const torch::Tensor& batch, bool signed_range);

std::vector<LatentCode> traverse_codes(const ModelConfig& m, const TraverseSpec& spec);
Grid traverse_grid(Model& model, const TraverseSpec& spec);
// Every layer's panel, bottom -> top, side by side (Figures 5-7).
Grid traverse_all_layers(Model& model, TraverseSpec spec);
// n x n draws from the prior. `temperature` scales each layer's draw, bottom -> top (the prior's
// standard deviation there): empty means 1 for every layer, 0 holds a layer at the prior's mean.
Grid sample_grid(Model& model, int n, uint64_t seed, const std::vector<double>& temperature = {});
// "1,1,0.5" -> one temperature per layer (one value: every layer), each from 0 to 10. Throws a
// usage error naming `flag` for anything else.
std::vector<double> parse_temperatures(const std::string& text, int layers, const std::string& flag);
// n x n held-out digits: each original followed by its reconstruction from the posterior means.
Grid reconstruction_grid(Model& model, const Dataset& data, int n);
// Posterior means of every layer for the given images of a data set.
std::vector<LatentCode> encode_means(Model& model, const Dataset& data, const std::vector<int64_t>& indices);

}  // namespace vlae
