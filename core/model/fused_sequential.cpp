#include "core/model/fused_sequential.h"

#include "core/model/deconv_taps.h"
#include "core/model/gemv_bf16.h"

namespace vlae {
namespace nn = torch::nn;
using torch::indexing::Slice;

namespace {
// Eval-mode batch norm as y = x * scale + shift, per channel.
std::pair<torch::Tensor, torch::Tensor> batch_norm_affine(const torch::Tensor& mean, const torch::Tensor& var,
                                                          const torch::Tensor& gamma, const torch::Tensor& beta,
                                                          double eps) {
  torch::Tensor scale = (var + eps).rsqrt();
  if (gamma.defined()) scale = scale * gamma;
  torch::Tensor shift = -mean * scale;
  if (beta.defined()) shift = shift + beta;
  return {scale, shift};
}

template <typename BatchNorm>
bool fold_batch_norm(BatchNorm* bn, torch::Tensor& weight, torch::Tensor& bias, int64_t channel_dim) {
  if (!bn->running_mean.defined()) return false;  // no running statistics: cannot fold
  auto [scale, shift] = batch_norm_affine(bn->running_mean, bn->running_var, bn->weight, bn->bias, bn->options.eps());
  std::vector<int64_t> view(size_t(weight.dim()), 1);
  view[size_t(channel_dim)] = -1;
  weight = weight * scale.view(view);
  bias = bias * scale + shift;
  return true;
}
}  // namespace

std::optional<FusedSequential> FusedSequential::compile(nn::Sequential& seq, torch::ScalarType dtype) {
  torch::NoGradGuard no_grad;
  FusedSequential out;
  out.dtype_ = dtype;
  std::vector<Op>& ops = out.ops_;
  for (auto& child : *seq) {
    nn::Module* m = child.ptr().get();
    Op op{};
    if (auto* lin = m->as<nn::Linear>()) {
      op.kind = Op::Kind::Linear;
      op.weight = lin->weight.detach().clone();
      op.bias = lin->bias.defined() ? lin->bias.detach().clone() : torch::zeros({lin->weight.size(0)});
    } else if (auto* dec = m->as<nn::ConvTranspose2d>()) {
      const auto& o = dec->options;
      if ((*o.stride())[0] != (*o.stride())[1] || (*o.kernel_size())[0] != (*o.kernel_size())[1] || o.groups() != 1 ||
          (*o.dilation())[0] != 1 || (*o.dilation())[1] != 1 || (*o.output_padding())[0] != 0 ||
          (*o.output_padding())[1] != 0 || !c10::holds_alternative<torch::ExpandingArray<2>>(o.padding()))
        return std::nullopt;
      const auto pad = c10::get<torch::ExpandingArray<2>>(o.padding());
      if ((*pad)[0] != (*pad)[1]) return std::nullopt;
      op.kind = Op::Kind::Deconv;
      op.stride = (*o.stride())[0];
      op.kernel = (*o.kernel_size())[0];
      op.padding = (*pad)[0];
      op.out_channels = o.out_channels();
      op.weight = dec->weight.detach().clone();
      op.bias = dec->bias.defined() ? dec->bias.detach().clone() : torch::zeros({op.out_channels});
    } else if (auto* bn1 = m->as<nn::BatchNorm1d>()) {
      if (ops.empty() || ops.back().kind != Op::Kind::Linear) return std::nullopt;
      if (!fold_batch_norm(bn1, ops.back().weight, ops.back().bias, 0)) return std::nullopt;
      continue;
    } else if (auto* bn2 = m->as<nn::BatchNorm2d>()) {
      if (ops.empty() || ops.back().kind != Op::Kind::Deconv) return std::nullopt;
      if (!fold_batch_norm(bn2, ops.back().weight, ops.back().bias, 1)) return std::nullopt;
      continue;
    } else if (m->as<nn::ReLU>()) {
      op.kind = Op::Kind::Relu;
    } else if (auto* leaky = m->as<nn::LeakyReLU>()) {
      op.kind = Op::Kind::LeakyRelu;
      op.slope = leaky->options.negative_slope();
    } else if (m->as<nn::Flatten>()) {
      op.kind = Op::Kind::Flatten;
    } else if (auto* un = m->as<nn::Unflatten>()) {
      if (un->options.dim() != 1) return std::nullopt;
      op.kind = Op::Kind::Unflatten;
      op.shape = un->options.sizes();
    } else {
      return std::nullopt;
    }
    ops.push_back(std::move(op));
  }
  // Weights go to their final precision once BN is folded in (folding in fp32 keeps the error of
  // one rounding). A bf16 transposed convolution with few output channels (the image layer) stays
  // fp32: the GEMM path would not pay for its shifted adds there.
  for (Op& op : ops) {
    if (op.kind == Op::Kind::Linear) {
      op.weight = op.weight.to(dtype).contiguous();
      op.bias_f32 = op.bias.to(torch::kFloat32);
      op.bias = op.bias.to(dtype);
      op.gemv = dtype == torch::kBFloat16 && op.weight.device().is_cpu() && gemv_bf16_supported(op.weight.size(1));
    } else if (op.kind == Op::Kind::Deconv) {
      op.gemm = dtype == torch::kBFloat16 && op.out_channels >= 16;
      if (op.gemm) {  // [in, out, k, k] -> [in, k, k, out]: each tap's output channels contiguous
        op.weight = op.weight.permute({0, 2, 3, 1}).reshape({op.weight.size(0), -1}).to(dtype).contiguous();
        op.bias_f32 = op.bias.to(torch::kFloat32).contiguous();
      }
    }
  }
  // A ReLU after a GEMM-path deconvolution costs nothing inside its taps' sum, and a pass over the
  // layer's largest output outside it.
  for (size_t i = 0; i + 1 < ops.size(); ++i)
    if (ops[i].kind == Op::Kind::Deconv && ops[i].gemm && ops[i + 1].kind == Op::Kind::Relu) {
      ops[i].relu = true;
      ops.erase(ops.begin() + std::ptrdiff_t(i) + 1);
    }
  return out;
}

// Transposed convolution as GEMM: every input pixel's contribution to each of the k*k taps, then
// each output pixel summed from the taps that land on it, channels last.
torch::Tensor FusedSequential::deconv_gemm(const Op& op, const torch::Tensor& x) const {
  const int64_t B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), k = op.kernel, s = op.stride;
  const int64_t co = op.out_channels;
  const torch::Tensor pixels = x.to(dtype_).permute({0, 2, 3, 1}).reshape({B * H * W, C});
  const torch::Tensor taps = pixels.mm(op.weight).contiguous();
  if (taps.is_cpu()) {
    const DeconvTaps shape{H, W, k, co, s, op.padding};
    torch::Tensor out =
        torch::empty({B, shape.out_height(), shape.out_width(), co}, taps.options().dtype(torch::kFloat32));
    const auto* tap_bits = reinterpret_cast<const uint16_t*>(taps.data_ptr<at::BFloat16>());
    const float* bias = op.bias_f32.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    at::parallel_for(0, B * shape.out_height(), 4, [&](int64_t first, int64_t last) {
      sum_deconv_taps_bf16(tap_bits, bias, shape, dst, first, last, op.relu);
    });
    // Channels-last memory seen as NCHW: the next layer's permute back to pixels costs no copy.
    return out.permute({0, 3, 1, 2});
  }
  // Elsewhere (CUDA): the same sum as k*k strided adds into a bias-filled buffer.
  const torch::Tensor tap_view = taps.view({B, H, W, k, k, co});
  const int64_t full_h = (H - 1) * s + k, full_w = (W - 1) * s + k;
  torch::Tensor full = op.bias_f32.expand({B, full_h, full_w, co}).contiguous();
  for (int64_t ky = 0; ky < k; ++ky)
    for (int64_t kx = 0; kx < k; ++kx)
      full.index({Slice(), Slice(ky, ky + s * (H - 1) + 1, s), Slice(kx, kx + s * (W - 1) + 1, s)})
          .add_(tap_view.index({Slice(), Slice(), Slice(), ky, kx}));
  const int64_t p = op.padding;
  if (op.relu) full.relu_();
  return full.index({Slice(), Slice(p, full_h - p), Slice(p, full_w - p)}).permute({0, 3, 1, 2});
}

torch::Tensor FusedSequential::forward(torch::Tensor x) const {
  for (const Op& op : ops_) {
    switch (op.kind) {
      case Op::Kind::Linear:
        // One or two rows (the explorer's single decodes): a plain pass over the bf16 weights.
        x = op.gemv ? (x.dim() == 2 && x.size(0) <= 2 ? linear_rows_bf16(x, op.weight, op.bias_f32).to(dtype_)
                                                      : torch::linear(x.to(dtype_), op.weight, op.bias))
                    : torch::linear(x.to(dtype_), op.weight, op.bias);
        break;
      case Op::Kind::Deconv:
        x = op.gemm ? deconv_gemm(op, x)
                    : torch::conv_transpose2d(x.to(torch::kFloat32), op.weight, op.bias, op.stride, op.padding);
        break;
      case Op::Kind::Relu:
        x = torch::relu(x);
        break;
      case Op::Kind::LeakyRelu:
        x = torch::leaky_relu(x, op.slope);
        break;
      case Op::Kind::Flatten:
        x = x.flatten(1);
        break;
      case Op::Kind::Unflatten: {
        std::vector<int64_t> shape{x.size(0)};
        shape.insert(shape.end(), op.shape.begin(), op.shape.end());
        x = x.reshape(shape);
        break;
      }
    }
  }
  return x;
}

}  // namespace vlae
