// The compiled bf16 decoder's transposed convolution: a GEMM gives each input pixel's k*k taps,
// sum_deconv_taps_bf16 adds up the taps that land on each output pixel. Against LibTorch's
// conv_transpose2d in fp32 (and its ReLU), for strides, kernels and paddings beyond the presets' 4/2/1, and with
// the output rows split between threads at every boundary.
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <tuple>
#include <vector>

#include "core/model/deconv_taps.h"

namespace {
// The taps as the decoder makes them: [B*H*W, k*k*co], rounded to bf16.
torch::Tensor taps_of(const torch::Tensor& x, const torch::Tensor& w) {
  const int64_t C = x.size(1);
  return x.permute({0, 2, 3, 1})
      .reshape({-1, C})
      .mm(w.permute({0, 2, 3, 1}).reshape({C, -1}))
      .to(torch::kBFloat16)
      .contiguous();
}

torch::Tensor sum_in_chunks(const torch::Tensor& taps, const torch::Tensor& bias, const vlae::DeconvTaps& s,
                            int64_t batch, int64_t chunk, bool relu = false) {
  torch::Tensor out = torch::full({batch, s.out_height(), s.out_width(), s.channels}, 1e9f);
  const auto* bits = reinterpret_cast<const uint16_t*>(taps.data_ptr<at::BFloat16>());
  const int64_t rows = batch * s.out_height();
  for (int64_t first = 0; first < rows; first += chunk)
    vlae::sum_deconv_taps_bf16(bits, bias.data_ptr<float>(), s, out.data_ptr<float>(), first,
                               std::min(rows, first + chunk), relu);
  return out.permute({0, 3, 1, 2});
}
}  // namespace

TEST_CASE("the taps' sum is a transposed convolution") {
  torch::manual_seed(11);
  const std::vector<std::tuple<int64_t, int64_t, int64_t>> cases = {{4, 2, 1}, {3, 1, 1}, {5, 2, 2},
                                                                    {4, 2, 0}, {3, 2, 1}, {2, 3, 0}};
  for (const auto& [k, stride, pad] : cases) {
    CAPTURE(k);
    CAPTURE(stride);
    CAPTURE(pad);
    const int64_t B = 3, C = 8, H = 5, W = 6, co = 16;
    const torch::Tensor x = torch::randn({B, C, H, W}), w = torch::randn({C, co, k, k}), bias = torch::randn({co});
    const torch::Tensor ref = torch::conv_transpose2d(x, w, bias, stride, pad);
    const vlae::DeconvTaps shape{H, W, k, co, stride, pad};
    REQUIRE(ref.size(2) == shape.out_height());
    REQUIRE(ref.size(3) == shape.out_width());
    // Each tap is rounded to bf16 (relative 2^-9) before an fp32 sum of at most a few of them.
    const double tolerance = 0.01 * ref.abs().max().item<double>();
    const torch::Tensor taps = taps_of(x, w);
    for (const int64_t chunk : {int64_t(1), int64_t(3), B * shape.out_height()}) {
      CAPTURE(chunk);
      const torch::Tensor out = sum_in_chunks(taps, bias, shape, B, chunk);
      CHECK((out - ref).abs().max().item<double>() <= tolerance);
    }
    // With the ReLU that follows a decoder layer folded in.
    const torch::Tensor activated = sum_in_chunks(taps, bias, shape, B, 3, true);
    CHECK((activated - ref.relu()).abs().max().item<double>() <= tolerance);
    CHECK(activated.min().item<float>() == 0.0f);
  }
}
