// Deconv2d (the ladder decoders' transposed convolution) must train exactly as
// nn::ConvTranspose2d: same output, same gradients for input, weight and bias, on one thread
// (LibTorch's forward, oneDNN's gradients) and on two (oneDNN throughout).
#include <doctest/doctest.h>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "core/model/deconv2d.h"

namespace nn = torch::nn;

namespace {
struct Grads {
  torch::Tensor y, gx, gw, gb;
};

template <typename Module>
Grads run(Module& m, const torch::Tensor& x0, const torch::Tensor& gy) {
  torch::Tensor x = x0.clone().requires_grad_(true);
  m->zero_grad();
  torch::Tensor y = m->forward(x);
  y.backward(gy);
  return {y.detach(), x.grad(), m->weight.grad().clone(), m->bias.grad().clone()};
}

void check_close(const torch::Tensor& a, const torch::Tensor& b) {
  REQUIRE(a.sizes() == b.sizes());
  const double scale = b.abs().max().item<double>();
  CHECK((a - b).abs().max().item<double>() <= 1e-5 * scale + 1e-6);
}

void compare(int64_t in, int64_t out, int k, int stride, int64_t h, int threads) {
  at::set_num_threads(threads);
  torch::manual_seed(4);
  const auto options = nn::ConvTranspose2dOptions(in, out, k).stride(stride).padding(1);
  nn::ConvTranspose2d reference(options);
  vlae::Deconv2d ours(options);
  {
    torch::NoGradGuard no_grad;
    ours->weight.copy_(reference->weight);
    ours->bias.copy_(reference->bias);
  }
  const torch::Tensor x = torch::randn({8, in, h, h});
  const torch::Tensor gy = torch::randn_like(reference->forward(x));
  const Grads want = run(reference, x, gy), got = run(ours, x, gy);
  check_close(got.y, want.y);
  check_close(got.gx, want.gx);
  check_close(got.gw, want.gw);
  check_close(got.gb, want.gb);
}
}  // namespace

TEST_CASE("Deconv2d matches ConvTranspose2d: output and all three gradients") {
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    compare(32, 16, 4, 2, 7, threads);  // stride 2: doubles the map, as the ladder decoders' deconvs
    compare(32, 16, 3, 1, 9, threads);  // stride 1, 3x3: keeps the size
    compare(16, 1, 4, 2, 14, threads);  // the image layer: LibTorch's path throughout
  }
  at::set_num_threads(1);
}

TEST_CASE("Deconv2d without autograd, and the compiled decoder, see an ordinary ConvTranspose2d") {
  vlae::Deconv2d ours(nn::ConvTranspose2dOptions(32, 16, 4).stride(2).padding(1));
  CHECK(ours->as<nn::ConvTranspose2d>() != nullptr);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 32, 7, 7});
  check_close(ours->forward(x), torch::conv_transpose2d(x, ours->weight, ours->bias, 2, 1));
}
