#pragma once
// What every generative model in the explorer offers: codes per latent layer in a standard normal
// "code space" (the prior is N(0, I) there for both models), so sliders, traversals, snapshots,
// checkpoints and the hierarchy report work the same for the VLAE and the HVAE baseline.
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "core/model/config.h"
#include "core/model/decode_precision.h"

namespace vlae {

struct Posterior {
  torch::Tensor mu;     // [B, d_l]
  torch::Tensor sigma;  // [B, d_l], positive
};

struct LossTerms {
  torch::Tensor total;                    // recon + beta * sum(kl); scalar
  torch::Tensor recon;                    // negative log-likelihood per image, batch mean; scalar
  std::vector<torch::Tensor> kl;          // KL term of layer l in nats per image, batch mean; bottom -> top
  std::vector<torch::Tensor> kl_per_dim;  // [d_l] per layer: kl split by dim (sums to kl); detached
};

class LatentModelImpl : public torch::nn::Module {
 public:
  explicit LatentModelImpl(const ModelConfig& config) : config_(config) {}
  ~LatentModelImpl() override = default;

  // Posterior over each layer's code, bottom -> top, expressed in code space.
  virtual std::vector<Posterior> encode(const torch::Tensor& x) = 0;
  // Decoder pre-activation for codes (one [B, d_l] tensor per layer, bottom -> top).
  virtual torch::Tensor decode_logits(const std::vector<torch::Tensor>& codes) = 0;
  // eps: standard normal noise per layer for the reparameterisation (explicit so runs are reproducible).
  virtual LossTerms loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) = 0;
  // One step of the Gibbs chain on the bottom layer (Proposition 1): z1 = mu + sigma * eps1 with
  // q(z1 | x), then the mean of p(x | z1). `upper` holds codes of the layers above, which a VLAE
  // needs to decode and an HVAE ignores (its x depends on z1 alone).
  virtual torch::Tensor gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& upper,
                                   const torch::Tensor& eps1) = 0;
  // log p(x, z) - log q(z | x) per image ([B]) for one draw z ~ q(z | x) made from the standard
  // normal noise `eps` (one [B, d_l] tensor per layer): the importance weight behind the IWAE bound
  // log p(x) >= E log mean_k w_k. The default is for models whose codes are their latents under an
  // N(0, I) prior on every layer (the VLAE, the VAE); the HVAE walks its chain.
  virtual torch::Tensor log_importance_weight(const torch::Tensor& x, const std::vector<torch::Tensor>& eps);
  // Multiply-adds x 2 of one image's forward pass (encoder + decoder), counted from layer shapes.
  virtual double forward_flops_per_image() = 0;
  // For a frozen copy (a snapshot) only: compiles the decoder (batch norm folded, weights in the
  // given precision); decodes under InferenceMode in eval mode use it from then on. Returns the
  // precision in effect ("module" where a part could not be compiled).
  virtual DecodePrecision prepare_fast_decode(DecodePrecision) { return DecodePrecision::Module; }

  // Mean image in the data range ([0,1] or [-1,1]).
  torch::Tensor decode(const std::vector<torch::Tensor>& codes) { return logits_to_image(decode_logits(codes)); }
  torch::Tensor logits_to_image(const torch::Tensor& logits) const;
  const ModelConfig& config() const { return config_; }
  int64_t parameter_count() const;

 protected:
  // Negative log-likelihood of x under the decoder output, per image, batch mean.
  torch::Tensor reconstruction_nll(const torch::Tensor& logits, const torch::Tensor& x) const;
  // log p(x | z) per image ([B]), normalised: Bernoulli over pixels, or for the Gaussian likelihood
  // the density whose -log is recon_scale * squared error plus its constant (sigma^2 = 1 / (2 scale)).
  torch::Tensor log_likelihood(const torch::Tensor& logits, const torch::Tensor& x) const;
  // The loss of a model whose codes are its latents under an N(0, I) prior on every layer (the
  // VLAE): z_l = mu_l + sigma_l * eps_l from encode(x), KL of each layer to the prior.
  LossTerms flat_prior_loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta);

  ModelConfig config_;
};

using Model = std::shared_ptr<LatentModelImpl>;

// The model named by config.model ("vlae" or "hvae"), freshly initialised on the CPU.
Model make_model(const ModelConfig& config);

// Gaussian KL to N(0, I) per image and dimension ([B, d]).
torch::Tensor kl_to_standard_normal(const Posterior& q);
// KL(q || p) between diagonal Gaussians per image and dimension ([B, d]).
torch::Tensor kl_between(const Posterior& q, const Posterior& p);
// Adds a layer's KL ([B, d] from the two above) to the loss terms: its batch mean summed over dims,
// and per dim.
void add_layer_kl(LossTerms& terms, const torch::Tensor& per_dim);
// log N(z; mu, sigma^2) summed over dimensions, per image ([B]).
torch::Tensor gaussian_log_density(const torch::Tensor& z, const Posterior& p);

}  // namespace vlae
