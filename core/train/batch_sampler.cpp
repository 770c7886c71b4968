#include "core/train/batch_sampler.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <random>

#include "core/common/stream_seed.h"

namespace vlae {

BatchSampler::BatchSampler(std::shared_ptr<const Dataset> data, int batch, uint64_t seed, bool signed_range, int shard,
                           int shards)
    : data_(std::move(data)), batch_(batch), seed_(seed), signed_range_(signed_range), shard_(shard), shards_(shards) {
  const int64_t n = int64_t(data_->size());
  if (batch_ > n) batch_ = int(n);  // tiny data sets: one full batch per step
  steps_per_epoch_ = std::max<int64_t>(1, n / std::max(1, batch_));
}

torch::Tensor BatchSampler::batch_for_step(int64_t step) {
  const int64_t epoch = step / steps_per_epoch_;
  if (epoch != cached_epoch_) {
    order_.resize(data_->size());
    std::iota(order_.begin(), order_.end(), 0);
    std::mt19937_64 rng(stream_seed(seed_, uint64_t(epoch)));
    std::shuffle(order_.begin(), order_.end(), rng);
    cached_epoch_ = epoch;
  }
  const int64_t start = (step % steps_per_epoch_) * batch_ + shard_offset();
  std::vector<int64_t> idx(order_.begin() + start, order_.begin() + start + local_batch());
  return images_to_tensor(*data_, idx, signed_range_);
}

}  // namespace vlae
