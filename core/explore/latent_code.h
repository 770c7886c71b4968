#pragma once
// A point in the latent space as plain floats: one vector per ladder layer, bottom -> top.
// This is what the UI, the sidecar JSON files and the decoder exchange.
#include <cstdint>
#include <random>
#include <vector>

namespace vlae {

using LatentCode = std::vector<std::vector<float>>;

LatentCode zero_code(const std::vector<int>& dims);
// Draws every layer from N(0, I) with the given engine.
LatentCode prior_code(const std::vector<int>& dims, std::mt19937_64& rng);
void resample_layer(LatentCode& code, int layer, std::mt19937_64& rng);

}  // namespace vlae
