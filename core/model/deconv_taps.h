#pragma once
// The second half of a transposed convolution computed as a GEMM (FusedSequential::deconv_gemm):
// every input pixel's product with the weights gives k*k taps of C channels; each output pixel is
// the bias plus the taps that land on it. One pass over the output, instead of k*k strided adds
// into a bias-filled buffer (each a LibTorch op with its own dispatch and bf16 -> fp32 cast).
// Plain pointers: compiled at -O3 without LibTorch's headers.
#include <cstdint>

namespace vlae {

struct DeconvTaps {
  int64_t height = 0, width = 0;  // of the input
  int64_t kernel = 0, channels = 0, stride = 1, padding = 0;
  int64_t out_height() const { return (height - 1) * stride + kernel - 2 * padding; }
  int64_t out_width() const { return (width - 1) * stride + kernel - 2 * padding; }
};

// taps: bf16 bits, [batch][height][width][kernel][kernel][channels]; bias: [channels];
// out: [batch][out_height][out_width][channels] fp32. Output rows [first, last), counted over the
// batch (row = image * out_height + y), so one image's rows can be split between threads.
// relu: max(0, sum), the activation that follows the layer.
void sum_deconv_taps_bf16(const uint16_t* taps, const float* bias, const DeconvTaps& shape, float* out, int64_t first,
                          int64_t last, bool relu = false);

}  // namespace vlae
