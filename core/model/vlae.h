#pragma once
// The Variational Ladder Autoencoder (Zhao, Song, Ermon 2017): a flat N(0, I) prior over L latent
// layers; layer l is read off the inference trunk after l stages and joins the generator after
// L - l + 1 stages, so more abstract layers sit behind deeper networks.
#include <torch/torch.h>

#include <vector>

#include "core/model/config.h"

namespace vlae {

struct Posterior {
  torch::Tensor mu;     // [B, d_l]
  torch::Tensor sigma;  // [B, d_l], positive
};

struct LossTerms {
  torch::Tensor total;           // recon + beta * sum(kl); scalar
  torch::Tensor recon;           // negative log-likelihood per image, batch mean; scalar
  std::vector<torch::Tensor> kl; // KL(q(z_l|x) || N(0,I)) in nats per image, batch mean; one per layer
};

// Shape of an activation between stages: a feature map (c, h, w) or a vector (c features, h = w = 0).
struct ActShape {
  int64_t c = 0, h = 0, w = 0;
  bool is_map() const { return h > 0; }
  int64_t numel() const { return is_map() ? c * h * w : c; }
};

class VLAEImpl : public torch::nn::Module {
 public:
  explicit VLAEImpl(const ModelConfig& config);

  // Posterior parameters of every layer, bottom -> top.
  std::vector<Posterior> encode(const torch::Tensor& x);
  // Decoder pre-activation for codes z (one [B, d_l] tensor per layer, bottom -> top).
  torch::Tensor decode_logits(const std::vector<torch::Tensor>& z);
  // Mean image in the data range ([0,1] or [-1,1]).
  torch::Tensor decode(const std::vector<torch::Tensor>& z);
  torch::Tensor logits_to_image(const torch::Tensor& logits) const;

  // eps: standard normal noise per layer for the reparameterisation (explicit so runs are reproducible).
  LossTerms loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta);

  const ModelConfig& config() const { return config_; }
  int64_t parameter_count() const;
  // Multiply-adds x 2 of one image's forward pass (encoder + decoder), counted from layer shapes.
  double forward_flops_per_image();

 private:
  ModelConfig config_;
  std::vector<ActShape> trunk_shapes_;  // h_0 (image) .. h_L
  std::vector<torch::nn::Sequential> trunk_, branch_;  // trunk_[l] maps h_l -> h_{l+1}
  std::vector<torch::nn::Linear> mu_head_, sigma_head_;
  std::vector<torch::nn::Sequential> code_embed_;      // v_l(z_l), layers below the top
  std::vector<torch::Tensor> gate_;                     // gated-add only
  std::vector<torch::nn::Sequential> generator_;       // generator_[l]: input of layer l+1 -> shape of h_l
};
TORCH_MODULE(VLAE);

// Gaussian KL to N(0, I), summed over dimensions, batch mean.
torch::Tensor kl_to_standard_normal(const Posterior& q);

}  // namespace vlae
