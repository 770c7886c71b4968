#pragma once
// y = x W^T + b for one or two rows of x, with W in bf16: the one-image decode. LibTorch 1.13
// sends a bf16 linear layer to oneDNN, whose matrix product for a single row costs about 4x a
// plain pass over the weights (measured: 0.68 against 0.18 ms for a 6272x1024 layer). This is
// that plain pass, with AVX-512 BF16 dot products accumulating in fp32, split over LibTorch's
// intra-op threads by output rows.
#include <torch/torch.h>

namespace vlae {

// True where the CPU has AVX-512 BF16 (and VLAE_CPU_ISA allows AVX-512) and `in_features` suits the kernel (a multiple
// of 32).
bool gemv_bf16_supported(int64_t in_features);

// x: [rows, in] of any floating type; weight: [out, in] contiguous bf16; bias: [out] float32.
// Returns [rows, out] in float32.
torch::Tensor linear_rows_bf16(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

}  // namespace vlae
