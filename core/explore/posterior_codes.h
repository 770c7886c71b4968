#pragma once
// Posterior means and standard deviations of images, with their names and labels or factors, as a
// table for other tools: CSV (one row per image, a header naming every column) or JSON.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/dataset.h"
#include "core/explore/latent_code.h"
#include "core/model/latent_model.h"

namespace vlae {

struct PosteriorCodes {
  std::vector<int> dims;                      // per layer, bottom -> top
  std::vector<std::string> names;             // per image: a file name, or "test:17"
  std::vector<LatentCode> means, sds;         // per image
  std::vector<int64_t> labels;                // per image, or empty
  std::vector<std::string> factor_names;      // e.g. shape, scale, ...
  std::vector<std::vector<int64_t>> factors;  // per image, one per factor name
};

// Encodes `indices` of `data` (in batches); names, labels and factors come from the data set
// (`names` given: one per index; otherwise "<prefix>:<index>").
PosteriorCodes encode_posteriors(Model& model, const Dataset& data, const std::vector<int64_t>& indices,
                                 const std::string& prefix, const std::vector<std::string>& names = {});

// Header: image[,label][,factor...],z1_1,...,zL_d,z1_1_sd,...,zL_d_sd.
std::string to_csv(const PosteriorCodes& codes);
nlohmann::json to_json(const PosteriorCodes& codes);

}  // namespace vlae
