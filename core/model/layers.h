#pragma once
// Building blocks shared by the VLAE and the HVAE baseline, so both follow the original nets'
// conventions (batch norm after every hidden layer, leaky ReLU 0.1 in inference paths, N(0, 0.02)
// weights) and compare fairly.
#include <torch/torch.h>

#include "core/model/config.h"

namespace vlae {

// Shape of an activation between stages: a feature map (c, h, w) or a vector (c features, h = w = 0).
struct ActShape {
  int64_t c = 0, h = 0, w = 0;
  bool is_map() const { return h > 0; }
  int64_t numel() const { return is_map() ? c * h * w : c; }
};

enum class Act { None, Relu, LeakyRelu };

// While a scope is alive on a thread, MixedLinear layers multiply in bfloat16 on that thread
// (train.precision "bf16"); their weights, and everything else, stay float32.
class Bf16MatmulScope {
 public:
  explicit Bf16MatmulScope(bool on);
  ~Bf16MatmulScope();
  Bf16MatmulScope(const Bf16MatmulScope&) = delete;
  Bf16MatmulScope& operator=(const Bf16MatmulScope&) = delete;
  static bool active();

 private:
  bool previous_;
};

// nn::Linear (same parameters, same checkpoints) whose matmul follows Bf16MatmulScope.
class MixedLinearImpl : public torch::nn::LinearImpl {
 public:
  using torch::nn::LinearImpl::LinearImpl;
  torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(MixedLinear);

void add_linear(torch::nn::Sequential& seq, int64_t in, int64_t out, bool bn, Act act);
void add_conv(torch::nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act);
void add_deconv(torch::nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act);
void add_unflatten(torch::nn::Sequential& seq, const ActShape& s);
// Conv levels [first, first + count) of the inference net, from a map with `in_c` channels.
void add_encoder_convs(torch::nn::Sequential& seq, const ModelConfig& m, int first, int count, int64_t in_c);
// Mirror of the conv levels [first, last]: deconvs from the map after level `last` down to the
// shape before level `first` (`out_c` channels); the final layer has no activation when `to_image`.
void add_decoder_deconvs(torch::nn::Sequential& seq, const ModelConfig& m, int first, int last, int64_t in_c,
                         int64_t out_c, bool to_image);
// Feature map after conv level k (0-based) of the inference net.
ActShape map_after_level(const ModelConfig& m, int k);

// Gaussian parameters from features: linear mean head; std head sigmoid + 0.001, as the original nets.
struct Posterior;
Posterior gaussian_heads(torch::nn::Linear& mu, torch::nn::Linear& sigma, const torch::Tensor& features);

// Weights N(0, 0.02), biases 0, as the original nets; batch-norm and gates keep their own init.
void init_weights(torch::nn::Module& module);

// Runs `seq` one child at a time on a batch of one, adding the FLOPs of each linear and conv layer.
torch::Tensor count_flops(torch::nn::Sequential& seq, torch::Tensor x, double& flops);

}  // namespace vlae
