#include "core/data/random_subset.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace vlae {

std::vector<int64_t> random_subset(size_t size, size_t count, uint64_t seed) {
  std::vector<int64_t> idx(size);
  std::iota(idx.begin(), idx.end(), 0);
  std::mt19937_64 rng(seed);
  for (size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[rng() % i]);
  idx.resize(std::min(size, count));
  return idx;
}

}  // namespace vlae
