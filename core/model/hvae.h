#pragma once
// The Markov hierarchical VAE, the paper's baseline (Figure 3):
//   p(x, z_1..z_L) = p(x | z_1) prod_l p(z_l | z_{l+1}) p(z_L),  q(z_1 | x) prod_l q(z_{l+1} | z_l),
// every conditional a diagonal Gaussian from a small network. Built from the same preset fields as
// the VLAE (conv widths, FC width, latent dims) with a comparable parameter budget.
//
// Codes are the standard normal noise of the ancestral pass: code_L = z_L and
// z_l = mu_l(z_{l+1}) + sigma_l(z_{l+1}) * code_l below it. The prior is N(0, I) over codes, so
// "resample one layer with the others fixed" means the same thing as for a VLAE (Figure 3).
#include <optional>
#include <vector>

#include "core/model/fused_sequential.h"
#include "core/model/latent_model.h"
#include "core/model/layers.h"

namespace vlae {

class HVAEImpl : public LatentModelImpl {
 public:
  explicit HVAEImpl(const ModelConfig& config);

  // Posterior means chained up the inference path and expressed as codes; the std is q's std
  // relative to the prior's at that mean (a diagonal approximation; exact for the top layer).
  std::vector<Posterior> encode(const torch::Tensor& x) override;
  torch::Tensor decode_logits(const std::vector<torch::Tensor>& codes) override;
  LossTerms loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) override;
  torch::Tensor gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& upper,
                           const torch::Tensor& eps1) override;
  torch::Tensor log_importance_weight(const torch::Tensor& x, const std::vector<torch::Tensor>& eps) override;
  double forward_flops_per_image() override;
  DecodePrecision prepare_fast_decode(DecodePrecision precision) override;

  // Hidden FC layers in each conditional network (q(z_{l+1}|z_l), p(z_l|z_{l+1})); three keep the
  // parameter count near the VLAE's for the same preset.
  static constexpr int kConditionalDepth = 3;

 private:
  Posterior posterior_bottom(const torch::Tensor& x);            // q(z_1 | x)
  Posterior posterior_up(size_t l, const torch::Tensor& below);  // q(z_l | z_{l-1}), l >= 1
  Posterior prior_down(size_t l, const torch::Tensor& above);    // p(z_l | z_{l+1}), l < L-1
  // One draw up the inference chain: q(z_1 | x), then q(z_l | z_{l-1}) with the given noise.
  struct Chain {
    std::vector<Posterior> q;
    std::vector<torch::Tensor> z;
  };
  Chain sample_up(const torch::Tensor& x, const std::vector<torch::Tensor>& eps);

  torch::nn::Sequential encoder_, decoder_;
  torch::nn::Linear enc_mu_{nullptr}, enc_sigma_{nullptr};
  std::vector<torch::nn::Sequential> up_, down_;  // up_[l-1] feeds layer l; down_[l] feeds layer l
  std::vector<torch::nn::Linear> up_mu_, up_sigma_, down_mu_, down_sigma_;
  // p(x | z1) compiled for a snapshot (prepare_fast_decode); the small conditionals stay modules.
  std::optional<FusedSequential> fast_decoder_;
};

}  // namespace vlae
