#pragma once
// nn::ConvTranspose2d with the same parameters (and so the same checkpoints) whose float32 CPU
// training runs on oneDNN. LibTorch 1.13 sends float32 transposed convolutions to its slow path,
// one small GEMM per image, forward and backward; but a transposed convolution is exactly the
// input-gradient of the matching convolution, which oneDNN runs for the whole batch at once:
//   forward          y  = conv^T(x, W)         = d conv(., W) / d input, applied to x
//   input gradient   gx = conv(gy, W)
//   weight gradient  gW = d conv(gy, W) / d W, applied to x
#include <torch/torch.h>

namespace vlae {

class Deconv2dImpl : public torch::nn::ConvTranspose2dImpl {
 public:
  using torch::nn::ConvTranspose2dImpl::ConvTranspose2dImpl;
  torch::Tensor forward(const torch::Tensor& input, const c10::optional<at::IntArrayRef>& output_size = c10::nullopt);
};
TORCH_MODULE(Deconv2d);

// The oneDNN formulation above, with autograd; exposed for the tests. Square stride and padding,
// no dilation, groups or output padding.
torch::Tensor deconv2d_via_conv(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                int64_t stride, int64_t padding);

}  // namespace vlae
