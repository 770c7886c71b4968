// The single-row bf16 kernel of the compiled decoder against LibTorch's fp32 linear layer.
#include <doctest/doctest.h>

#include <torch/torch.h>

#include "core/model/gemv_bf16.h"

TEST_CASE("linear_rows_bf16 equals x W^T + b up to bf16 rounding of x and W") {
  if (!vlae::gemv_bf16_supported(64)) {
    MESSAGE("this CPU has no AVX-512 BF16: the compiled decoder keeps LibTorch's linear layers");
    return;
  }
  CHECK_FALSE(vlae::gemv_bf16_supported(48));  // not a multiple of 32: LibTorch's path
  torch::manual_seed(2);
  for (int64_t out : {1, 3, 4, 7, 130}) {  // row counts around the kernel's blocks of four
    for (int64_t rows : {1, 2}) {
      CAPTURE(out);
      CAPTURE(rows);
      const torch::Tensor w = torch::randn({out, 96}).to(torch::kBFloat16);
      const torch::Tensor b = torch::randn({out});
      const torch::Tensor x = torch::randn({rows, 96});
      // Exact reference: the same bf16-rounded operands, multiplied in fp32.
      const torch::Tensor want = torch::linear(x.to(torch::kBFloat16).to(torch::kFloat32), w.to(torch::kFloat32), b);
      const torch::Tensor got = vlae::linear_rows_bf16(x, w, b);
      REQUIRE(got.sizes() == want.sizes());
      CHECK((got.scalar_type() == torch::kFloat32));
      CHECK((got - want).abs().max().item<double>() < 1e-4);
    }
  }
}
