#pragma once
// Deterministic mini-batches: the batch for step t depends only on (seed, t), so a resumed run
// sees exactly the batches an unbroken run would.
#include <torch/torch.h>

#include <memory>

#include "core/data/dataset.h"
#include "core/data/image_tensor.h"
#include "core/model/step_noise.h"

namespace vlae {

// With shards > 1 (data-parallel ranks), batch_for_step gives shard `shard`'s rows of the same
// global batch: rows [shard * batch / shards, (shard + 1) * batch / shards). Ranks thus split each
// step's batch, and so every epoch, without overlap; the images are those a single process sees.
class BatchSampler {
 public:
  BatchSampler(std::shared_ptr<const Dataset> data, int batch, uint64_t seed, bool signed_range, int shard = 0,
               int shards = 1);
  torch::Tensor batch_for_step(int64_t step);
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  int batch() const { return batch_; }  // the global batch (after clamping to the data size)
  int local_batch() const { return batch_ / shards_; }
  int64_t shard_offset() const { return int64_t(shard_) * local_batch(); }  // first row of this shard

 private:
  std::shared_ptr<const Dataset> data_;
  int batch_;
  uint64_t seed_;
  bool signed_range_;
  int shard_, shards_;
  int64_t steps_per_epoch_;
  int64_t cached_epoch_ = -1;
  std::vector<int64_t> order_;
};

}  // namespace vlae
