#pragma once
// Averages gradients over the ranks of a DistGroup the way PyTorch's DDP does: parameters are
// packed into buckets of about `bucket_bytes` (in reverse order, roughly the order backward
// produces their gradients); a hook on each parameter copies its gradient into its bucket, and a
// full bucket starts its all-reduce at once, so communication overlaps the rest of backward.
// Buckets start strictly in index order, so every rank issues the same collectives in the same
// order even if hooks fire in another order. finish() waits for all and writes the mean into .grad.
#include <torch/torch.h>

#include <mutex>
#include <optional>
#include <vector>

#include "core/train/distributed.h"

namespace vlae {

constexpr double kDefaultBucketMB = 25;

class GradReducer {
 public:
  GradReducer(std::vector<torch::Tensor> params, DistGroup& group, size_t bucket_bytes);
  ~GradReducer();
  GradReducer(const GradReducer&) = delete;
  GradReducer& operator=(const GradReducer&) = delete;

  // Call after backward(): starts buckets whose hooks did not all fire (parameters without a
  // gradient this step count as zeros), waits for every bucket and sets each used parameter's
  // .grad to the mean over ranks.
  void finish();
  size_t buckets() const { return buckets_.size(); }

 private:
  struct Slot {
    size_t bucket = 0;
    int64_t offset = 0, numel = 0;
    bool seen = false;  // a gradient arrived this step
    unsigned hook = 0;
  };
  struct Bucket {
    torch::Tensor flat;
    size_t slots = 0, ready = 0;
    std::optional<DistGroup::Pending> work;
  };
  void on_grad(size_t i, const torch::Tensor& grad);
  void launch_ready_locked();

  std::vector<torch::Tensor> params_;
  DistGroup& group_;
  std::vector<Slot> slots_;
  std::vector<Bucket> buckets_;
  size_t next_launch_ = 0;
  std::mutex mutex_;  // hooks run on the autograd engine's thread for the device
};

// Bucket size from VLAE_DIST_BUCKET_MB when set (for tuning and tests), else kDefaultBucketMB.
size_t bucket_bytes_from_env();

}  // namespace vlae
