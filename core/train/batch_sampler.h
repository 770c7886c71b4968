#pragma once
// Deterministic mini-batches: the batch for step t depends only on (seed, t), so a resumed run
// sees exactly the batches an unbroken run would.
#include <torch/torch.h>

#include <memory>

#include "core/data/dataset.h"

namespace vlae {

// Converts images [first index list] to a float NCHW tensor in the preset's pixel range
// (bytes / 255, or that * 2 - 1 for the signed range). Safe to call from any thread.
torch::Tensor images_to_tensor(const Dataset& data, const std::vector<int64_t>& indices, bool signed_range);

class BatchSampler {
 public:
  BatchSampler(std::shared_ptr<const Dataset> data, int batch, uint64_t seed, bool signed_range);
  torch::Tensor batch_for_step(int64_t step);
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  int batch() const { return batch_; }

 private:
  std::shared_ptr<const Dataset> data_;
  int batch_;
  uint64_t seed_;
  bool signed_range_;
  int64_t steps_per_epoch_;
  int64_t cached_epoch_ = -1;
  std::vector<int64_t> order_;
};

// Standard normal noise for layer dims at (seed, step): a counter-based stream, no hidden state.
std::vector<torch::Tensor> step_noise(uint64_t seed, int64_t step, int64_t batch, const std::vector<int>& dims);

}  // namespace vlae
