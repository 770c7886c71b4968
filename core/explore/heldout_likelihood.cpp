#include "core/explore/heldout_likelihood.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/data/image_tensor.h"
#include "core/model/step_noise.h"

namespace vlae {
namespace {
constexpr int64_t kRowsPerPass = 1000;  // images x samples per forward pass: bounds the memory
}  // namespace

HeldoutLikelihood heldout_likelihood(Model& model, const Dataset& data, const std::vector<int64_t>& indices, int k,
                                     uint64_t seed) {
  if (k < 1) throw usage_error("--iw-samples must be at least 1 for a likelihood, not " + std::to_string(k));
  if (indices.empty()) throw usage_error("no held-out images to measure the likelihood on");
  const ModelConfig& m = model->config();
  c10::InferenceMode guard;
  const bool was_training = model->is_training();
  model->eval();
  const auto device = model->parameters().front().device();
  const int64_t chunk = std::max<int64_t>(1, kRowsPerPass / k);
  double total = 0;
  for (size_t s = 0; s < indices.size(); s += size_t(chunk)) {
    const std::vector<int64_t> part(indices.begin() + long(s),
                                    indices.begin() + long(std::min(s + size_t(chunk), indices.size())));
    const int64_t n = int64_t(part.size());
    // Each image repeated K times in a row: rows i*K .. i*K+K-1 are image i's samples.
    const torch::Tensor x = images_to_tensor(data, part, m.pixel_range == "signed").to(device).repeat_interleave(k, 0);
    std::vector<torch::Tensor> eps = step_noise(seed, int64_t(s), n * k, m.latent_dims);
    for (auto& e : eps) e = e.to(device);
    const torch::Tensor log_w = model->log_importance_weight(x, eps).to(torch::kFloat64).view({n, k});
    const torch::Tensor log_px = torch::logsumexp(log_w, 1) - std::log(double(k));
    total -= log_px.sum().item<double>();
  }
  if (was_training) model->train();
  HeldoutLikelihood r;
  r.samples = k;
  r.images = int(indices.size());
  r.nll_nats = total / double(indices.size());
  r.bits_per_dim = r.nll_nats / (double(data.image_bytes()) * std::log(2.0));
  return r;
}

}  // namespace vlae
