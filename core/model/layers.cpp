#include "core/model/layers.h"

#include "core/model/decode_precision.h"
#include "core/model/deconv2d.h"
#include "core/model/latent_model.h"

namespace vlae {
namespace nn = torch::nn;

namespace {
constexpr double kLeakySlope = 0.1;  // the original nets' leaky ReLU slope in inference paths

void add_activation(nn::Sequential& seq, Act act) {
  if (act == Act::Relu) seq->push_back(nn::ReLU());
  if (act == Act::LeakyRelu) seq->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
}
}  // namespace

namespace {
thread_local bool t_bf16_matmuls = false;
}

Bf16MatmulScope::Bf16MatmulScope(bool on) : previous_(t_bf16_matmuls) { t_bf16_matmuls = on; }
Bf16MatmulScope::~Bf16MatmulScope() { t_bf16_matmuls = previous_; }
bool Bf16MatmulScope::active() { return t_bf16_matmuls; }

torch::Tensor MixedLinearImpl::forward(const torch::Tensor& x) {
  if (!t_bf16_matmuls) return LinearImpl::forward(x);
  // Autograd records the casts, so the backward GEMMs run in bf16 too and the gradients land in
  // the fp32 weights.
  const auto bf = torch::kBFloat16;
  const torch::Tensor b = bias.defined() ? bias.to(bf) : torch::Tensor();
  if (cpu_has_avx512_bf16() || !x.is_cpu()) return torch::linear(x.to(bf), weight.to(bf), b).to(x.scalar_type());
  // Without AVX-512 BF16 the same numbers in fp32 GEMMs: a product of two bf16 values is exact in
  // fp32, and bf16 GEMMs accumulate in fp32. LibTorch's own bf16 GEMM there is slower, and with
  // oneDNN capped below AVX-512 (`scripts/test --other-cpu`) it is not there at all.
  const auto f = x.scalar_type();
  return torch::linear(x.to(bf).to(f), weight.to(bf).to(f), b.defined() ? b.to(f) : b);
}

void add_linear(nn::Sequential& seq, int64_t in, int64_t out, bool bn, Act act) {
  seq->push_back(MixedLinear(in, out));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm1d(out));
  add_activation(seq, act);
}

void add_conv(nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act) {
  // Stride 2: 4x4 kernels halve the size exactly; stride 1: 3x3 keeps it (symmetric padding).
  const int k = stride == 2 ? 4 : 3;
  seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(1)));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm2d(out));
  add_activation(seq, act);
}

void add_deconv(nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act) {
  const int k = stride == 2 ? 4 : 3;
  seq->push_back(Deconv2d(nn::ConvTranspose2dOptions(in, out, k).stride(stride).padding(1)));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm2d(out));
  add_activation(seq, act);
}

void add_unflatten(nn::Sequential& seq, const ActShape& s) {
  seq->push_back(nn::Unflatten(nn::UnflattenOptions(1, {s.c, s.h, s.w})));
}

void add_encoder_convs(nn::Sequential& seq, const ModelConfig& m, int first, int count, int64_t in_c) {
  for (int k = first; k < first + count; ++k) {
    add_conv(seq, in_c, m.conv_widths[k], 2, m.batch_norm, Act::LeakyRelu);
    if (m.convs_per_level == 2) add_conv(seq, m.conv_widths[k], m.conv_widths[k], 1, m.batch_norm, Act::LeakyRelu);
    in_c = m.conv_widths[k];
  }
}

void add_decoder_deconvs(nn::Sequential& seq, const ModelConfig& m, int first, int last, int64_t in_c, int64_t out_c,
                         bool to_image) {
  int64_t c = in_c;
  for (int k = last; k >= first; --k) {
    if (m.convs_per_level == 2) {
      add_deconv(seq, c, m.conv_widths[k], 1, m.batch_norm, Act::Relu);
      c = m.conv_widths[k];
    }
    const bool final_layer = k == first;
    const int64_t next_c = final_layer ? out_c : m.conv_widths[k - 1];
    add_deconv(seq, c, next_c, 2, m.batch_norm, final_layer && to_image ? Act::None : Act::Relu);
    c = next_c;
  }
}

ActShape map_after_level(const ModelConfig& m, int k) {
  return ActShape{m.conv_widths[k], m.height >> (k + 1), m.width >> (k + 1)};
}

Posterior gaussian_heads(nn::Linear& mu, nn::Linear& sigma, const torch::Tensor& features) {
  return {mu->forward(features), torch::sigmoid(sigma->forward(features)) + 1e-3};
}

void init_weights(nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& sub : module.modules(/*include_self=*/false)) {
    if (auto* lin = sub->as<nn::Linear>()) {
      lin->weight.normal_(0.0, 0.02);
      lin->bias.zero_();
    } else if (auto* conv = sub->as<nn::Conv2d>()) {
      conv->weight.normal_(0.0, 0.02);
      conv->bias.zero_();
    } else if (auto* deconv = sub->as<nn::ConvTranspose2d>()) {
      deconv->weight.normal_(0.0, 0.02);
      deconv->bias.zero_();
    }
  }
}

torch::Tensor count_flops(nn::Sequential& seq, torch::Tensor x, double& flops) {
  for (auto& child : *seq) {
    torch::Tensor y = child.forward(x);
    if (auto* lin = child.ptr()->as<nn::Linear>()) flops += 2.0 * double(lin->weight.numel());
    if (auto* conv = child.ptr()->as<nn::Conv2d>())
      flops += 2.0 * double(conv->weight.numel()) * double(y.size(2) * y.size(3));
    if (auto* dec = child.ptr()->as<nn::ConvTranspose2d>())
      flops += 2.0 * double(dec->weight.numel()) * double(x.size(2) * x.size(3));
    x = y;
  }
  return x;
}

}  // namespace vlae
