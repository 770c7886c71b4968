#pragma once
// One optimisation step at a time (the loop lives in the CLI or the TrainingSession).
// Losses stay tensors until a caller asks for numbers, so a GPU step never waits on the host.
#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <optional>

#include "core/data/dataset.h"
#include "core/model/config.h"
#include "core/model/latent_model.h"
#include "core/train/batch_prefetcher.h"
#include "core/train/batch_sampler.h"
#include "core/train/fused_adam.h"
#include "core/train/metrics.h"

namespace vlae {

torch::Device resolve_device(const std::string& name);  // "auto" | "cpu" | "cuda"

class DistGroup;
class GradReducer;

struct StepResult {
  int64_t step = 0;     // steps completed after this one
  bool applied = true;  // false when the step was skipped as non-finite (on every rank alike)
  bool stop = false;    // a stop was asked for, on this or (distributed) any rank: all stop after this step
  torch::Tensor loss, recon;
  std::vector<torch::Tensor> kl;
  double beta = 0;
};

struct HeldoutScore {
  double loss = 0;  // recon + sum(KL) per image (beta = 1), mean over images
  double recon = 0;
  double pixel_mse = 0;  // reconstruction from posterior means, per pixel, in the data range
  int64_t images = 0;
};

class Trainer {
 public:
  // prefetch_depth: batches a loader thread computes ahead (0: each on the training thread).
  // dist: the ranks of a data-parallel run (null: one process). Each rank then trains on its
  // slice of every global batch and gradients are averaged over the ranks before the update.
  Trainer(RunConfig config, std::shared_ptr<const Dataset> train_data, torch::Device device, int prefetch_depth = 2,
          std::shared_ptr<DistGroup> dist = nullptr);
  ~Trainer();

  // stop_requested: this process wants to stop (a signal); a distributed step shares it with all ranks.
  StepResult step(bool stop_requested = false);
  // Distributed: every rank takes rank 0's parameters and buffers (after construction or resume).
  void sync_from_rank0();
  // Numbers of a step for logging (this is where the host reads values back).
  MetricsRecord record(const StepResult& r, double images_per_s, double wall_s) const;
  HeldoutScore evaluate(const Dataset& data, int64_t max_images);

  void set_lr(double lr);
  double lr() const;
  void set_kl_weight(double w) { config_.train.kl_weight = w; }
  int64_t step_count() const { return step_; }
  void set_step_count(int64_t step) { step_ = step; }
  const RunConfig& config() const { return config_; }
  Model& model() { return model_; }
  torch::optim::Adam& optimizer() { return *optimizer_; }
  torch::Device device() const { return device_; }
  const std::shared_ptr<DistGroup>& dist() const { return dist_; }
  int64_t epoch() const { return step_ / sampler_->steps_per_epoch(); }
  // Test hook: the next `steps` steps see a NaN batch and must take the non-finite path.
  void poison_next_step_for_test(int steps = 1) { poison_next_ = steps; }

 private:
  RunConfig config_;
  std::shared_ptr<const Dataset> train_data_;
  torch::Device device_;
  Model model_;
  std::unique_ptr<FusedAdam> optimizer_;
  std::shared_ptr<DistGroup> dist_;
  std::unique_ptr<GradReducer> reducer_;
  std::shared_ptr<BatchSampler> sampler_;  // driven by batches_' loader thread once training starts
  BatchPrefetcher batches_;
  int64_t step_ = 0;
  int poison_next_ = 0;

  bool agree_on_step(const LossTerms& terms, StepResult& r);  // distributed: true when all ranks' step is finite
};

}  // namespace vlae
