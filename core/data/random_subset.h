#pragma once
// A seeded random pick of distinct indices: probes and Gibbs starts must not take the first
// images, because MNIST-like sets are stored sorted by class.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vlae {

// min(count, size) distinct indices of [0, size): the head of a Fisher-Yates shuffle driven by
// std::mt19937_64(seed) (raw engine output, so the same with every standard library).
std::vector<int64_t> random_subset(size_t size, size_t count, uint64_t seed);

}  // namespace vlae
