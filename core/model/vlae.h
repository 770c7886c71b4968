#pragma once
// The Variational Ladder Autoencoder (Zhao, Song, Ermon 2017): a flat N(0, I) prior over L latent
// layers; layer l is read off the inference trunk after l stages and joins the generator after
// L - l + 1 stages, so more abstract layers sit behind deeper networks. Codes are the latents.
#include <optional>
#include <vector>

#include "core/model/latent_model.h"
#include "core/model/fused_sequential.h"
#include "core/model/layers.h"

namespace vlae {

class VLAEImpl : public LatentModelImpl {
 public:
  explicit VLAEImpl(const ModelConfig& config);

  std::vector<Posterior> encode(const torch::Tensor& x) override;
  torch::Tensor decode_logits(const std::vector<torch::Tensor>& z) override;
  LossTerms loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) override;
  torch::Tensor gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& upper,
                           const torch::Tensor& eps1) override;
  double forward_flops_per_image() override;
  DecodePrecision prepare_fast_decode(DecodePrecision precision) override;

 private:
  Posterior posterior(size_t l, const torch::Tensor& h_l);  // q(z_l | h_l) through the ladder branch

  std::vector<ActShape> trunk_shapes_;                 // h_0 (image) .. h_L
  std::vector<torch::nn::Sequential> trunk_, branch_;  // trunk_[l] maps h_l -> h_{l+1}
  std::vector<torch::nn::Linear> mu_head_, sigma_head_;
  std::vector<torch::nn::Sequential> code_embed_;  // v_l(z_l), layers below the top
  std::vector<torch::Tensor> gate_;                // gated-add only
  std::vector<torch::nn::Sequential> generator_;   // generator_[l]: input of layer l+1 -> shape of h_l

  // The compiled decoder of a snapshot (prepare_fast_decode); empty otherwise.
  torch::Tensor fast_decode_logits(const std::vector<torch::Tensor>& z);
  std::vector<FusedSequential> fast_embed_, fast_generator_;
  std::vector<torch::Tensor> fast_gate_;
};

}  // namespace vlae
