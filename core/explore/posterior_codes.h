#pragma once
// Posterior means and standard deviations of images, encoded by a model (posterior_table.h writes them).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/dataset.h"
#include "core/explore/posterior_table.h"
#include "core/explore/latent_code.h"
#include "core/model/latent_model.h"

namespace vlae {

// Encodes `indices` of `data` (in batches); names, labels and factors come from the data set
// (`names` given: one per index; otherwise "<prefix>:<index>").
PosteriorCodes encode_posteriors(Model& model, const Dataset& data, const std::vector<int64_t>& indices,
                                 const std::string& prefix, const std::vector<std::string>& names = {});

}  // namespace vlae
