#include "core/model/latent_model.h"

#include "core/common/error.h"
#include "core/model/hvae.h"
#include "core/model/vlae.h"

namespace vlae {

torch::Tensor LatentModelImpl::logits_to_image(const torch::Tensor& logits) const {
  const torch::Tensor unit = torch::sigmoid(logits);
  return config_.pixel_range == "signed" ? unit * 2 - 1 : unit;
}

int64_t LatentModelImpl::parameter_count() const {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

torch::Tensor LatentModelImpl::reconstruction_nll(const torch::Tensor& logits, const torch::Tensor& x) const {
  const int64_t batch = x.size(0);
  if (config_.likelihood == "bernoulli") {
    const torch::Tensor target = config_.pixel_range == "signed" ? (x + 1) / 2 : x;
    return torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::Sum) / batch;
  }
  return config_.recon_scale * (logits_to_image(logits) - x).square().sum() / batch;
}

Model make_model(const ModelConfig& config) {
  // The flat VAE is the ladder with a single rung: every conv level, one latent layer.
  if (config.model == "vlae" || config.model == "vae") return std::make_shared<VLAEImpl>(config);
  if (config.model == "hvae") return std::make_shared<HVAEImpl>(config);
  throw usage_error("model: unknown model \"" + config.model + "\" (choose vlae, hvae or vae)");
}

LossTerms LatentModelImpl::flat_prior_loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) {
  const std::vector<Posterior> q = encode(x);
  std::vector<torch::Tensor> z;
  LossTerms terms;
  for (size_t l = 0; l < q.size(); ++l) {
    z.push_back(q[l].mu + q[l].sigma * eps[l]);
    terms.kl.push_back(kl_to_standard_normal(q[l]));
  }
  terms.recon = reconstruction_nll(decode_logits(z), x);
  terms.total = terms.recon + beta * torch::stack(terms.kl).sum();
  return terms;
}

torch::Tensor kl_to_standard_normal(const Posterior& q) {
  const torch::Tensor per_dim = 0.5 * (q.mu.square() + q.sigma.square() - 1) - torch::log(q.sigma);
  return per_dim.sum(1).mean();
}

torch::Tensor kl_between(const Posterior& q, const Posterior& p) {
  const torch::Tensor var_ratio = (q.sigma / p.sigma).square();
  const torch::Tensor mean_term = ((q.mu - p.mu) / p.sigma).square();
  const torch::Tensor per_dim = 0.5 * (var_ratio + mean_term - 1) - torch::log(q.sigma / p.sigma);
  return per_dim.sum(1).mean();
}

}  // namespace vlae
