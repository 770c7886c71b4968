#include "core/model/deconv2d.h"

#include <ATen/Parallel.h>

namespace vlae {
namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The convolution whose input-gradient is our transposed convolution: `output` is only a shape.
torch::Tensor conv_input_grad(const torch::Tensor& grad, const torch::Tensor& output, const torch::Tensor& w, int64_t s,
                              int64_t p) {
  return std::get<0>(at::convolution_backward(grad, output, w, c10::nullopt, {s, s}, {p, p}, {1, 1},
                                              /*transposed=*/false, {0, 0}, 1, {true, false, false}));
}

class DeconvViaConv : public torch::autograd::Function<DeconvViaConv> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& w,
                               const torch::Tensor& b, int64_t s, int64_t p) {
    ctx->save_for_backward({x, w});
    ctx->saved_data["s"] = s;
    ctx->saved_data["p"] = p;
    ctx->saved_data["has_bias"] = b.defined();
    torch::Tensor y;
    // Measured on the mnist decoder (128 -> 64 channels, 7x7 -> 14x14, batch 100): oneDNN takes
    // about half the slow path's time on two threads, and about the same on one.
    if (at::get_num_threads() > 1) {
      const int64_t k = w.size(2);
      const torch::Tensor shape = at::empty(
          {x.size(0), w.size(1), (x.size(2) - 1) * s - 2 * p + k, (x.size(3) - 1) * s - 2 * p + k}, x.options());
      y = conv_input_grad(x.contiguous(), shape, w, s, p);
      if (b.defined()) y.add_(b.view({1, -1, 1, 1}));
    } else {
      y = at::conv_transpose2d(x, w, b, s, p);
    }
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& w = saved[1];
    const int64_t s = ctx->saved_data["s"].toInt(), p = ctx->saved_data["p"].toInt();
    const torch::Tensor gy = grads[0].contiguous();
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(0)) gx = at::convolution(gy, w, {}, {s, s}, {p, p}, {1, 1}, false, {0, 0}, 1);
    if (ctx->needs_input_grad(1))
      gw = std::get<1>(at::convolution_backward(x.contiguous(), gy, w, c10::nullopt, {s, s}, {p, p}, {1, 1}, false,
                                                {0, 0}, 1, {false, true, false}));
    if (ctx->needs_input_grad(2) && ctx->saved_data["has_bias"].toBool()) gb = gy.sum({0, 2, 3});
    return {gx, gw, gb, torch::Tensor(), torch::Tensor()};
  }
};

bool square_and_plain(const torch::nn::detail::ConvNdOptions<2>& o) {
  return (*o.stride())[0] == (*o.stride())[1] && (*o.dilation())[0] == 1 && (*o.dilation())[1] == 1 &&
         o.groups() == 1 && (*o.output_padding())[0] == 0 && (*o.output_padding())[1] == 0 &&
         c10::holds_alternative<torch::ExpandingArray<2>>(o.padding()) &&
         (*c10::get<torch::ExpandingArray<2>>(o.padding()))[0] == (*c10::get<torch::ExpandingArray<2>>(o.padding()))[1];
}
}  // namespace

torch::Tensor deconv2d_via_conv(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                int64_t stride, int64_t padding) {
  return DeconvViaConv::apply(x, weight, bias, stride, padding);
}

torch::Tensor Deconv2dImpl::forward(const torch::Tensor& input, const c10::optional<at::IntArrayRef>& output_size) {
  // Only where it pays: training (autograd on), float32 on the CPU with oneDNN, and layers wide
  // enough for oneDNN's blocking (the image layer, with 1 or 3 channels, is faster on the slow path).
  const bool training_step = torch::GradMode::is_enabled() && (input.requires_grad() || weight.requires_grad());
  if (!training_step || output_size.has_value() || !input.device().is_cpu() || input.scalar_type() != torch::kFloat32 ||
      !at::hasMKLDNN() || !at::globalContext().userEnabledMkldnn() || options.out_channels() < 16 ||
      !square_and_plain(options))
    return ConvTranspose2dImpl::forward(input, output_size);
  return deconv2d_via_conv(input, weight, bias, (*options.stride())[0],
                           (*c10::get<torch::ExpandingArray<2>>(options.padding()))[0]);
}

}  // namespace vlae
