#pragma once
// Posterior means and standard deviations of images, with their names and labels or factors, as a
// table for other tools: CSV (one row per image, a header naming every column) or JSON.
// Torch-free: the explorer exports a pad selection with it.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/explore/latent_code.h"

namespace vlae {

struct PosteriorCodes {
  std::vector<int> dims;                      // per layer, bottom -> top
  std::vector<std::string> names;             // per image: a file name, or "test:17"
  std::vector<LatentCode> means, sds;         // per image
  std::vector<int64_t> labels;                // per image, or empty
  std::vector<std::string> factor_names;      // e.g. shape, scale, ...
  std::vector<std::vector<int64_t>> factors;  // per image, one per factor name
};

// Header: image[,label][,factor...],z1_1,...,zL_d,z1_1_sd,...,zL_d_sd.
std::string to_csv(const PosteriorCodes& codes);
nlohmann::json to_json(const PosteriorCodes& codes);

}  // namespace vlae
