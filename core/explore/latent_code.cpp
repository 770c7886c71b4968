#include "core/explore/latent_code.h"

namespace vlae {

LatentCode zero_code(const std::vector<int>& dims) {
  LatentCode code;
  for (int d : dims) code.emplace_back(size_t(d), 0.0f);
  return code;
}

void resample_layer(LatentCode& code, int layer, std::mt19937_64& rng) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : code[size_t(layer)]) v = normal(rng);
}

LatentCode prior_code(const std::vector<int>& dims, std::mt19937_64& rng) {
  LatentCode code = zero_code(dims);
  for (size_t l = 0; l < dims.size(); ++l) resample_layer(code, int(l), rng);
  return code;
}

}  // namespace vlae
