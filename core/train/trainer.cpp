#include "core/train/trainer.h"

#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/model/layers.h"
#include "core/train/distributed.h"
#include "core/train/grad_reducer.h"

namespace vlae {

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw Error("--device cuda: no CUDA device is available to this LibTorch build (use --device cpu or auto)");
    return torch::kCUDA;
  }
  if (name == "auto") return torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  throw usage_error("--device must be auto, cpu or cuda, not '" + name + "'");
}

Trainer::Trainer(RunConfig config, std::shared_ptr<const Dataset> train_data, torch::Device device, int prefetch_depth,
                 std::shared_ptr<DistGroup> dist)
    : config_(std::move(config)),
      train_data_(std::move(train_data)),
      device_(device),
      dist_(std::move(dist)),
      sampler_(std::make_shared<BatchSampler>(train_data_, config_.train.batch, config_.train.seed,
                                              config_.model.pixel_range == "signed", dist_ ? dist_->rank() : 0,
                                              dist_ ? dist_->size() : 1)),
      batches_([s = sampler_](int64_t step) { return s->batch_for_step(step); }, prefetch_depth) {
  const ModelConfig& m = config_.model;
  if (train_data_->channels != m.channels || train_data_->height != m.height || train_data_->width != m.width)
    throw Error("data set '" + train_data_->name + "' has images of " + std::to_string(train_data_->channels) + "x" +
                std::to_string(train_data_->height) + "x" + std::to_string(train_data_->width) +
                " but the model expects " + std::to_string(m.channels) + "x" + std::to_string(m.height) + "x" +
                std::to_string(m.width));
  if (train_data_->size() == 0) throw Error("data set '" + train_data_->name + "' has no images");
  // Weights depend on the seed alone, so two runs with one seed start identical.
  torch::manual_seed(config_.train.seed);
  model_ = make_model(m);
  model_->to(device_);
  optimizer_ = std::make_unique<FusedAdam>(model_->parameters(), torch::optim::AdamOptions(config_.train.lr));
  if (dist_) {
    // The sampler may have clamped the batch to a small data set's size: check what it uses.
    check_world_divides_batch(dist_->size(), sampler_->batch());
    reducer_ = std::make_unique<GradReducer>(model_->parameters(), *dist_, bucket_bytes_from_env());
  }
}

Trainer::~Trainer() = default;

void Trainer::sync_from_rank0() {
  if (!dist_) return;
  std::vector<torch::Tensor> all = model_->parameters();
  for (const auto& b : model_->buffers()) all.push_back(b);
  dist_->broadcast(all);
}

StepResult Trainer::step(bool stop_requested) {
  const int64_t batch = sampler_->batch();
  StepResult r;
  r.stop = stop_requested;
  r.beta = kl_beta(config_.train, step_);
  torch::Tensor x = batches_.batch_for_step(step_).to(device_);
  if (poison_next_ > 0) {
    x = x * std::numeric_limits<float>::quiet_NaN();
    --poison_next_;
  }
  // The whole global batch's noise, of which this rank takes its rows: ranks together use exactly
  // the noise one process would.
  std::vector<torch::Tensor> eps = step_noise(config_.train.seed, step_, batch, config_.model.latent_dims);
  for (auto& e : eps) e = e.narrow(0, sampler_->shard_offset(), sampler_->local_batch()).to(device_);

  // Batch-norm running statistics are updated by the forward pass: keep them to undo a bad step.
  std::vector<torch::Tensor> saved_buffers;
  for (const auto& b : model_->buffers()) saved_buffers.push_back(b.clone());

  model_->train();
  // Gradients are dropped, not zeroed: backward then writes them fresh instead of adding to zeros,
  // one pass over every gradient less per step.
  for (auto& p : model_->parameters()) p.mutable_grad().reset();
  LossTerms terms;
  {
    const Bf16MatmulScope precision(config_.train.precision == "bf16");
    terms = model_->loss(x, eps, r.beta);
    terms.total.backward();
  }
  // A non-finite loss or gradient skips the update, so the weights stay the last good ones.
  bool finite = true;
  if (dist_) {
    reducer_->finish();  // every rank now holds the mean gradient over all ranks
    finite = agree_on_step(terms, r);
  } else if (device_.is_cpu()) {
    // One host read for loss and every gradient: a NaN or Inf anywhere makes the sum non-finite.
    std::vector<torch::Tensor> sums{terms.total.detach()};
    for (const auto& p : model_->parameters())
      if (p.grad().defined()) sums.push_back(p.grad().sum());
    finite = std::isfinite(torch::stack(sums).sum().item<double>());
  }
  if (finite) {
    optimizer_->step();
    ++step_;
  } else {
    torch::NoGradGuard no_grad;
    auto buffers = model_->buffers();
    for (size_t i = 0; i < buffers.size(); ++i) buffers[i].copy_(saved_buffers[i]);
    r.applied = false;
  }
  // Batch norm normalises with each rank's own rows; its running statistics are rank 0's, as with
  // DDP's default broadcast_buffers, so all ranks keep identical weights and buffers.
  if (dist_ && !model_->buffers().empty()) dist_->broadcast(model_->buffers());
  r.step = step_;
  if (!dist_) {
    r.loss = terms.total.detach();
    r.recon = terms.recon.detach();
    for (auto& k : terms.kl) r.kl.push_back(k.detach());
  }
  return r;
}

bool Trainer::agree_on_step(const LossTerms& terms, StepResult& r) {
  // One small all-reduce per step carries what the ranks must agree on: whether any rank saw a
  // non-finite loss or gradient (so all skip the step together), whether any rank was asked to
  // stop, and the losses, whose mean over ranks is the loss of the global batch.
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> sums{terms.total.detach().reshape({1})};
  for (const auto& p : model_->parameters())
    if (p.grad().defined()) sums.push_back(p.grad().sum().reshape({1}));
  const torch::Tensor nonfinite =
      torch::isfinite(torch::cat(sums).sum()).logical_not().to(torch::kFloat64).reshape({1});
  std::vector<torch::Tensor> parts{nonfinite, torch::full({1}, r.stop ? 1.0 : 0.0, torch::kFloat64).to(device_),
                                   terms.total.detach().to(torch::kFloat64).reshape({1}),
                                   terms.recon.detach().to(torch::kFloat64).reshape({1})};
  for (const auto& k : terms.kl) parts.push_back(k.detach().to(torch::kFloat64).reshape({1}));
  torch::Tensor stats = torch::cat(parts);
  dist_->allreduce_sum(stats);
  const torch::Tensor host = stats.cpu();
  const double* v = host.data_ptr<double>();
  r.stop = v[1] > 0;
  const double inv = 1.0 / double(dist_->size());
  r.loss = torch::tensor(float(v[2] * inv));
  r.recon = torch::tensor(float(v[3] * inv));
  for (size_t i = 0; i < terms.kl.size(); ++i) r.kl.push_back(torch::tensor(float(v[4 + i] * inv)));
  return v[0] == 0;
}

MetricsRecord Trainer::record(const StepResult& r, double images_per_s, double wall_s) const {
  MetricsRecord m;
  m.step = r.step;
  m.loss = r.loss.item<double>();
  m.recon = r.recon.item<double>();
  for (const auto& k : r.kl) m.kl.push_back(k.item<double>());
  m.beta = r.beta;
  m.lr = lr();
  m.images_per_s = images_per_s;
  m.wall_s = wall_s;
  return m;
}

HeldoutScore Trainer::evaluate(const Dataset& data, int64_t max_images) {
  torch::NoGradGuard no_grad;
  model_->eval();
  HeldoutScore s;
  const int64_t n = std::min<int64_t>(int64_t(data.size()), max_images);
  const int64_t batch = 250;
  const bool signed_range = config_.model.pixel_range == "signed";
  double loss_sum = 0, recon_sum = 0, sq_sum = 0;
  for (int64_t start = 0; start < n; start += batch) {
    std::vector<int64_t> idx;
    for (int64_t i = start; i < std::min(n, start + batch); ++i) idx.push_back(i);
    torch::Tensor x = images_to_tensor(data, idx, signed_range).to(device_);
    // Fixed noise per batch: the score of a model does not change from one call to the next.
    auto eps = step_noise(0xE7A1, start, int64_t(idx.size()), config_.model.latent_dims);
    for (auto& e : eps) e = e.to(device_);
    LossTerms t = model_->loss(x, eps, 1.0);
    const double count = double(idx.size());
    loss_sum += t.total.item<double>() * count;
    recon_sum += t.recon.item<double>() * count;
    std::vector<torch::Tensor> means;
    for (const auto& q : model_->encode(x)) means.push_back(q.mu);
    sq_sum += (model_->decode(means) - x).square().sum().item<double>();
  }
  s.images = n;
  s.loss = loss_sum / double(n);
  s.recon = recon_sum / double(n);
  s.pixel_mse = sq_sum / double(n * int64_t(data.image_bytes()));
  model_->train();
  return s;
}

void Trainer::set_lr(double lr) {
  for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  config_.train.lr = lr;
}

double Trainer::lr() const { return config_.train.lr; }

}  // namespace vlae
