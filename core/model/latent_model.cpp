#include "core/model/latent_model.h"

#include <cmath>

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
    add_layer_kl(terms, kl_to_standard_normal(q[l]));
  }
  terms.recon = reconstruction_nll(decode_logits(z), x);
  terms.total = terms.recon + beta * torch::stack(terms.kl).sum();
  return terms;
}

torch::Tensor kl_to_standard_normal(const Posterior& q) {
  return 0.5 * (q.mu.square() + q.sigma.square() - 1) - torch::log(q.sigma);
}

torch::Tensor kl_between(const Posterior& q, const Posterior& p) {
  const torch::Tensor var_ratio = (q.sigma / p.sigma).square();
  const torch::Tensor mean_term = ((q.mu - p.mu) / p.sigma).square();
  return 0.5 * (var_ratio + mean_term - 1) - torch::log(q.sigma / p.sigma);
}

void add_layer_kl(LossTerms& terms, const torch::Tensor& per_dim) {
  terms.kl.push_back(per_dim.sum(1).mean());
  terms.kl_per_dim.push_back(per_dim.detach().mean(0));
}

torch::Tensor gaussian_log_density(const torch::Tensor& z, const Posterior& p) {
  const double half_log_two_pi = 0.5 * std::log(2 * M_PI);
  return (-0.5 * ((z - p.mu) / p.sigma).square() - torch::log(p.sigma) - half_log_two_pi).sum(1);
}

torch::Tensor LatentModelImpl::log_likelihood(const torch::Tensor& logits, const torch::Tensor& x) const {
  if (config_.likelihood == "bernoulli") {
    const torch::Tensor target = config_.pixel_range == "signed" ? (x + 1) / 2 : x;
    return -torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::None).flatten(1).sum(1);
  }
  const double pixels = double(x[0].numel());
  return -config_.recon_scale * (logits_to_image(logits) - x).square().flatten(1).sum(1) -
         0.5 * pixels * std::log(M_PI / config_.recon_scale);
}

torch::Tensor LatentModelImpl::log_importance_weight(const torch::Tensor& x, const std::vector<torch::Tensor>& eps) {
  const std::vector<Posterior> q = encode(x);
  std::vector<torch::Tensor> z;
  torch::Tensor log_w = torch::zeros({x.size(0)}, x.options());
  for (size_t l = 0; l < q.size(); ++l) {
    z.push_back(q[l].mu + q[l].sigma * eps[l]);
    const Posterior prior{torch::zeros_like(z[l]), torch::ones_like(z[l])};
    log_w = log_w + gaussian_log_density(z[l], prior) - gaussian_log_density(z[l], q[l]);
  }
  return log_w + log_likelihood(decode_logits(z), x);
}

}  // namespace vlae
