#include "core/model/hvae.h"

namespace vlae {
namespace nn = torch::nn;

namespace {
nn::Sequential conditional_net(int64_t in, int64_t width, bool bn, Act act) {
  nn::Sequential seq;
  for (int k = 0; k < HVAEImpl::kConditionalDepth; ++k) add_linear(seq, k == 0 ? in : width, width, bn, act);
  return seq;
}
}  // namespace

HVAEImpl::HVAEImpl(const ModelConfig& config) : LatentModelImpl(config) {
  const ModelConfig& m = config_;
  const int L = m.layers();
  const bool bn = m.batch_norm;
  const int levels = int(m.conv_widths.size());
  const ActShape image{m.channels, m.height, m.width};
  const ActShape deepest = levels > 0 ? map_after_level(m, levels - 1) : image;

  // q(z_1 | x): every conv level of the preset, then one FC layer.
  add_encoder_convs(encoder_, m, 0, levels, m.channels);
  encoder_->push_back(nn::Flatten());
  add_linear(encoder_, deepest.numel(), m.fc_width, bn, Act::LeakyRelu);
  register_module("encoder", encoder_);
  enc_mu_ = register_module("mu1", nn::Linear(m.fc_width, m.latent_dims[0]));
  enc_sigma_ = register_module("sigma1", nn::Linear(m.fc_width, m.latent_dims[0]));

  for (int l = 1; l < L; ++l) {
    const std::string idx = std::to_string(l + 1);
    up_.push_back(register_module("up" + idx, conditional_net(m.latent_dims[l - 1], m.fc_width, bn, Act::LeakyRelu)));
    up_mu_.push_back(register_module("up_mu" + idx, nn::Linear(m.fc_width, m.latent_dims[l])));
    up_sigma_.push_back(register_module("up_sigma" + idx, nn::Linear(m.fc_width, m.latent_dims[l])));
  }
  for (int l = 0; l + 1 < L; ++l) {
    const std::string idx = std::to_string(l + 1);
    down_.push_back(register_module("down" + idx, conditional_net(m.latent_dims[l + 1], m.fc_width, bn, Act::Relu)));
    down_mu_.push_back(register_module("down_mu" + idx, nn::Linear(m.fc_width, m.latent_dims[l])));
    down_sigma_.push_back(register_module("down_sigma" + idx, nn::Linear(m.fc_width, m.latent_dims[l])));
  }

  // p(x | z_1): two FC layers, then the conv levels mirrored back to the image.
  add_linear(decoder_, m.latent_dims[0], m.fc_width, bn, Act::Relu);
  add_linear(decoder_, m.fc_width, m.fc_width, bn, Act::Relu);
  if (levels > 0) {
    add_linear(decoder_, m.fc_width, deepest.numel(), bn, Act::Relu);
    add_unflatten(decoder_, deepest);
    add_decoder_deconvs(decoder_, m, 0, levels - 1, deepest.c, m.channels, /*to_image=*/true);
  } else {
    add_linear(decoder_, m.fc_width, image.numel(), bn, Act::None);
    add_unflatten(decoder_, image);
  }
  register_module("decoder", decoder_);
  init_weights(*this);
}

Posterior HVAEImpl::posterior_bottom(const torch::Tensor& x) {
  return gaussian_heads(enc_mu_, enc_sigma_, encoder_->forward(x));
}

Posterior HVAEImpl::posterior_up(size_t l, const torch::Tensor& below) {
  return gaussian_heads(up_mu_[l - 1], up_sigma_[l - 1], up_[l - 1]->forward(below));
}

Posterior HVAEImpl::prior_down(size_t l, const torch::Tensor& above) {
  return gaussian_heads(down_mu_[l], down_sigma_[l], down_[l]->forward(above));
}

std::vector<Posterior> HVAEImpl::encode(const torch::Tensor& x) {
  const size_t L = size_t(config_.layers());
  std::vector<Posterior> q{posterior_bottom(x)};
  for (size_t l = 1; l < L; ++l) q.push_back(posterior_up(l, q[l - 1].mu));
  std::vector<Posterior> codes(L);
  codes[L - 1] = q[L - 1];
  for (size_t l = 0; l + 1 < L; ++l) {
    const Posterior p = prior_down(l, q[l + 1].mu);
    codes[l] = {(q[l].mu - p.mu) / p.sigma, q[l].sigma / p.sigma};
  }
  return codes;
}

torch::Tensor HVAEImpl::decode_logits(const std::vector<torch::Tensor>& codes) {
  const int L = config_.layers();
  TORCH_CHECK(int(codes.size()) == L, "decode: expected ", L, " latent layers, got ", codes.size());
  torch::Tensor z = codes[L - 1];
  for (int l = L - 2; l >= 0; --l) {
    const Posterior p = prior_down(size_t(l), z);
    z = p.mu + p.sigma * codes[l];
  }
  if (fast_decoder_ && !is_training() && c10::InferenceMode::is_enabled())
    return fast_decoder_->forward(z).to(torch::kFloat32);
  return decoder_->forward(z);
}

DecodePrecision HVAEImpl::prepare_fast_decode(DecodePrecision precision) {
  fast_decoder_.reset();
  if (precision == DecodePrecision::Module) return precision;
  fast_decoder_ =
      FusedSequential::compile(decoder_, precision == DecodePrecision::BFloat16 ? torch::kBFloat16 : torch::kFloat32);
  return fast_decoder_ ? precision : DecodePrecision::Module;
}

HVAEImpl::Chain HVAEImpl::sample_up(const torch::Tensor& x, const std::vector<torch::Tensor>& eps) {
  const size_t L = size_t(config_.layers());
  Chain c{{posterior_bottom(x)}, {}};
  c.z.push_back(c.q[0].mu + c.q[0].sigma * eps[0]);
  for (size_t l = 1; l < L; ++l) {
    c.q.push_back(posterior_up(l, c.z[l - 1]));
    c.z.push_back(c.q[l].mu + c.q[l].sigma * eps[l]);
  }
  return c;
}

LossTerms HVAEImpl::loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) {
  const size_t L = size_t(config_.layers());
  const auto [q, z] = sample_up(x, eps);
  LossTerms terms;
  // Each layer's KL is analytic in z_l given the sampled z_{l+1} it is conditioned on.
  for (size_t l = 0; l + 1 < L; ++l) add_layer_kl(terms, kl_between(q[l], prior_down(l, z[l + 1])));
  add_layer_kl(terms, kl_to_standard_normal(q[L - 1]));
  terms.recon = reconstruction_nll(decoder_->forward(z[0]), x);
  terms.total = terms.recon + beta * torch::stack(terms.kl).sum();
  return terms;
}

torch::Tensor HVAEImpl::log_importance_weight(const torch::Tensor& x, const std::vector<torch::Tensor>& eps) {
  // z ~ q up the chain; p down it: log p(x | z1) + sum log p(z_l | z_{l+1}) + log p(z_L) - log q.
  const size_t L = size_t(config_.layers());
  const auto [q, z] = sample_up(x, eps);
  torch::Tensor log_w = log_likelihood(decoder_->forward(z[0]), x);
  for (size_t l = 0; l < L; ++l) {
    const Posterior prior =
        l + 1 < L ? prior_down(l, z[l + 1]) : Posterior{torch::zeros_like(z[l]), torch::ones_like(z[l])};
    log_w = log_w + gaussian_log_density(z[l], prior) - gaussian_log_density(z[l], q[l]);
  }
  return log_w;
}

torch::Tensor HVAEImpl::gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& /*upper*/,
                                   const torch::Tensor& eps1) {
  const Posterior q = posterior_bottom(x);
  return logits_to_image(decoder_->forward(q.mu + q.sigma * eps1));
}

double HVAEImpl::forward_flops_per_image() {
  torch::NoGradGuard no_grad;
  const bool was_training = is_training();
  eval();
  const auto device = parameters().front().device();
  const ModelConfig& m = config_;
  double flops = 0;
  count_flops(encoder_, torch::zeros({1, m.channels, m.height, m.width}, device), flops);
  auto heads = [&](const nn::Linear& mu, const nn::Linear& sigma) {
    flops += 2.0 * double(mu->weight.numel() + sigma->weight.numel());
  };
  heads(enc_mu_, enc_sigma_);
  for (size_t l = 0; l < up_.size(); ++l) {
    count_flops(up_[l], torch::zeros({1, m.latent_dims[l]}, device), flops);
    heads(up_mu_[l], up_sigma_[l]);
  }
  for (size_t l = 0; l < down_.size(); ++l) {
    count_flops(down_[l], torch::zeros({1, m.latent_dims[l + 1]}, device), flops);
    heads(down_mu_[l], down_sigma_[l]);
  }
  count_flops(decoder_, torch::zeros({1, m.latent_dims[0]}, device), flops);
  train(was_training);
  return flops;
}

}  // namespace vlae
