#pragma once
// torch::optim::Adam with the update of each float32 CPU parameter done in one pass over its
// weights, gradient and both moments. LibTorch's Adam makes about eight passes and allocates a
// temporary per parameter; on the 25.9 M-parameter mnist preset that memory traffic is a
// noticeable share of a training step. State, options and serialization are Adam's own, so
// checkpoints are interchangeable with plain Adam; other parameters (CUDA, amsgrad, other types)
// take Adam's own update.
#include <torch/optim/adam.h>

namespace vlae {

class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;
  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace vlae
