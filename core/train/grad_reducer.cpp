#include "core/train/grad_reducer.h"

#include <cstdlib>

#include "core/common/error.h"

namespace vlae {

size_t bucket_bytes_from_env() {
  double mb = kDefaultBucketMB;
  if (const char* v = std::getenv("VLAE_DIST_BUCKET_MB"); v && *v) {
    char* end = nullptr;
    mb = std::strtod(v, &end);
    if (end == v || *end != '\0' || !(mb > 0) || mb > 4096)
      throw usage_error(std::string("VLAE_DIST_BUCKET_MB='") + v + "' must be a size in MB in (0, 4096]");
  }
  return size_t(mb * 1024 * 1024);
}

GradReducer::GradReducer(std::vector<torch::Tensor> params, DistGroup& group, size_t bucket_bytes)
    : params_(std::move(params)), group_(group), slots_(params_.size()) {
  // Reverse registration order: the decoder's last layers get their gradients first.
  std::vector<int64_t> bucket_numel;
  std::vector<torch::TensorOptions> bucket_options;
  size_t bytes = bucket_bytes;  // forces a new bucket for the first parameter
  torch::ScalarType dtype = torch::kFloat32;
  torch::Device device = torch::kCPU;
  for (size_t k = params_.size(); k-- > 0;) {
    const torch::Tensor& p = params_[k];
    const size_t size = size_t(p.numel()) * p.element_size();
    // One dtype and device per bucket, since a bucket is one flat tensor.
    if (buckets_.empty() || bytes + size > bucket_bytes || p.scalar_type() != dtype || p.device() != device) {
      buckets_.emplace_back();
      bucket_numel.push_back(0);
      bucket_options.push_back(torch::TensorOptions().dtype(p.scalar_type()).device(p.device()));
      bytes = 0;
      dtype = p.scalar_type();
      device = p.device();
    }
    Slot& s = slots_[k];
    s.bucket = buckets_.size() - 1;
    s.offset = bucket_numel.back();
    s.numel = p.numel();
    bucket_numel.back() += p.numel();
    buckets_.back().slots += 1;
    bytes += size;
  }
  for (size_t b = 0; b < buckets_.size(); ++b) buckets_[b].flat = torch::zeros({bucket_numel[b]}, bucket_options[b]);
  for (size_t k = 0; k < params_.size(); ++k)
    slots_[k].hook = params_[k].register_hook([this, k](torch::Tensor grad) { on_grad(k, grad); });
}

GradReducer::~GradReducer() {
  for (size_t k = 0; k < params_.size(); ++k) params_[k].remove_hook(slots_[k].hook);
  // A step cut short by an error may leave work in flight: do not let it write into freed buckets.
  for (auto& b : buckets_)
    if (b.work) try {
        b.work->wait();
      } catch (...) {
      }
}

void GradReducer::on_grad(size_t i, const torch::Tensor& grad) {
  std::lock_guard<std::mutex> lock(mutex_);
  Slot& s = slots_[i];
  Bucket& b = buckets_[s.bucket];
  if (s.seen || b.work) return;  // a second backward in one step: not ours to reduce
  b.flat.narrow(0, s.offset, s.numel).view(grad.sizes()).copy_(grad.detach());
  s.seen = true;
  ++b.ready;
  launch_ready_locked();
}

void GradReducer::launch_ready_locked() {
  while (next_launch_ < buckets_.size() && buckets_[next_launch_].ready == buckets_[next_launch_].slots) {
    Bucket& b = buckets_[next_launch_++];
    b.work.emplace(group_.allreduce_sum_async(b.flat));
  }
}

void GradReducer::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  // Parameters that got no gradient (unused this step on every rank) take part as zeros.
  for (auto& s : slots_)
    if (!s.seen) {
      Bucket& b = buckets_[s.bucket];
      if (!b.work) {
        b.flat.narrow(0, s.offset, s.numel).zero_();
        ++b.ready;
      }
    }
  launch_ready_locked();
  const double inv = 1.0 / double(group_.size());
  for (auto& b : buckets_) {
    if (b.work) b.work->wait();
    b.work.reset();
    b.flat.mul_(inv);
    b.ready = 0;
  }
  next_launch_ = 0;
  torch::NoGradGuard no_grad;
  for (size_t k = 0; k < params_.size(); ++k) {
    Slot& s = slots_[k];
    if (s.seen)
      params_[k].mutable_grad().copy_(buckets_[s.bucket].flat.narrow(0, s.offset, s.numel).view(params_[k].sizes()));
    s.seen = false;
  }
}

}  // namespace vlae
