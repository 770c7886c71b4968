#include "core/model/step_noise.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/common/stream_seed.h"

namespace vlae {

std::vector<torch::Tensor> step_noise(uint64_t seed, int64_t step, int64_t batch, const std::vector<int>& dims) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(stream_seed(seed ^ 0xA5A5A5A5ull, uint64_t(step)));
  std::vector<torch::Tensor> eps;
  for (int d : dims) eps.push_back(at::randn({batch, d}, gen, torch::kFloat32));
  return eps;
}

}  // namespace vlae
