#include "core/train/batch_sampler.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>

namespace vlae {

namespace {
uint64_t mix(uint64_t a, uint64_t b) {  // splitmix64 of a combined key: well-spread stream seeds
  uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
}  // namespace

const std::array<float, 256>& byte_to_float(bool signed_range) {
  // Built once with the very tensor ops that used to convert every batch, so the values are
  // bit-identical to them; per batch it is then a table lookup, free of torch's thread pool
  // (the prefetcher calls this on its own thread).
  static const auto tables = [] {
    torch::Tensor all = torch::arange(256, torch::kInt64).to(torch::kUInt8);
    torch::Tensor unit = all.to(torch::kFloat32).div_(255.0f);
    torch::Tensor sgn = unit.clone().mul_(2.0f).sub_(1.0f);
    std::array<std::array<float, 256>, 2> t{};
    std::copy_n(unit.data_ptr<float>(), 256, t[0].begin());
    std::copy_n(sgn.data_ptr<float>(), 256, t[1].begin());
    return t;
  }();
  return tables[signed_range ? 1 : 0];
}

torch::Tensor images_to_tensor(const Dataset& data, const std::vector<int64_t>& indices, bool signed_range) {
  const int64_t n = int64_t(indices.size());
  const std::array<float, 256>& table = byte_to_float(signed_range);
  torch::Tensor x = torch::empty({n, data.channels, data.height, data.width}, torch::kFloat32);
  float* dst = x.data_ptr<float>();
  const size_t bytes = data.image_bytes();
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* src = data.image(size_t(indices[i]));
    for (size_t p = 0; p < bytes; ++p) dst[size_t(i) * bytes + p] = table[src[p]];
  }
  return x;
}

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
    std::mt19937_64 rng(mix(seed_, uint64_t(epoch)));
    std::shuffle(order_.begin(), order_.end(), rng);
    cached_epoch_ = epoch;
  }
  const int64_t start = (step % steps_per_epoch_) * batch_ + shard_offset();
  std::vector<int64_t> idx(order_.begin() + start, order_.begin() + start + local_batch());
  return images_to_tensor(*data_, idx, signed_range_);
}

std::vector<torch::Tensor> step_noise(uint64_t seed, int64_t step, int64_t batch, const std::vector<int>& dims) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(mix(seed ^ 0xA5A5A5A5ull, uint64_t(step)));
  std::vector<torch::Tensor> eps;
  for (int d : dims) eps.push_back(at::randn({batch, d}, gen, torch::kFloat32));
  return eps;
}

}  // namespace vlae
