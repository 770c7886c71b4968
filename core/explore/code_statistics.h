#pragma once
// Plain arithmetic over sets of latent codes, for the questions the explorer asks of its layers:
// means of a selection, latent arithmetic, each dimension's KL to the prior and nearest codes.
// Torch-free: the codes are the pads' (held-out) or the neighbour search's (training) posteriors.
#include <cstddef>
#include <utility>
#include <vector>

#include "core/explore/latent_code.h"

namespace vlae {

// The mean of codes[i] over `which` (every layer); throws a usage error for an empty selection.
LatentCode mean_code(const std::vector<LatentCode>& codes, const std::vector<size_t>& which);

// a - b + c on the layers marked in `layers` (0-based), `base` on the others; all four codes must
// have the same shape.
LatentCode code_arithmetic(const LatentCode& base, const LatentCode& a, const LatentCode& b, const LatentCode& c,
                           const std::vector<bool>& layers);

// Each dimension's KL of the diagonal Gaussian posteriors N(mean, sd^2) to N(0, 1) in nats,
// averaged over the codes: per layer, per dimension.
std::vector<std::vector<double>> kl_per_dim(const std::vector<LatentCode>& means, const std::vector<LatentCode>& sds);

// Dimension indices from the largest value to the smallest (ties keep index order).
std::vector<int> dims_by_value(const std::vector<double>& values);

// The k codes nearest to `query` in layer `layer` (Euclidean), nearest first: (index, distance).
std::vector<std::pair<size_t, double>> nearest_codes(const std::vector<LatentCode>& codes,
                                                     const std::vector<float>& query, int layer, size_t k);

}  // namespace vlae
