#pragma once
// The reparameterisation noise of a step: a function of (seed, step) alone, so a resumed run, the
// ranks of a distributed run and the figures all draw exactly the same numbers.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace vlae {

// Standard normal noise for layer dims at (seed, step): a counter-based stream, no hidden state.
std::vector<torch::Tensor> step_noise(uint64_t seed, int64_t step, int64_t batch, const std::vector<int>& dims);

}  // namespace vlae
