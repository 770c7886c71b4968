#include "core/model/gemv_bf16.h"

#include <ATen/Parallel.h>
// GCC 12's own _mm512_reduce_add_ps trips -Wmaybe-uninitialized inside its header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <vector>

#include "core/common/cpu_features.h"

namespace vlae {
namespace {
#define VLAE_BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

// Rows [o0, o1) of W (bf16, `in` per row) against xb (bf16); four rows at a time so each load of
// x serves four weight rows.
VLAE_BF16_TARGET void dot_rows(const uint16_t* w, const uint16_t* xb, const float* bias, float* y, int64_t o0,
                               int64_t o1, int64_t in) {
  int64_t o = o0;
  for (; o + 4 <= o1; o += 4) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (int64_t i = 0; i < in; i += 32) {
      const __m512bh xv = (__m512bh)_mm512_loadu_si512(xb + i);
      a0 = _mm512_dpbf16_ps(a0, (__m512bh)_mm512_loadu_si512(w + (o + 0) * in + i), xv);
      a1 = _mm512_dpbf16_ps(a1, (__m512bh)_mm512_loadu_si512(w + (o + 1) * in + i), xv);
      a2 = _mm512_dpbf16_ps(a2, (__m512bh)_mm512_loadu_si512(w + (o + 2) * in + i), xv);
      a3 = _mm512_dpbf16_ps(a3, (__m512bh)_mm512_loadu_si512(w + (o + 3) * in + i), xv);
    }
    y[o + 0] = bias[o + 0] + _mm512_reduce_add_ps(a0);
    y[o + 1] = bias[o + 1] + _mm512_reduce_add_ps(a1);
    y[o + 2] = bias[o + 2] + _mm512_reduce_add_ps(a2);
    y[o + 3] = bias[o + 3] + _mm512_reduce_add_ps(a3);
  }
  for (; o < o1; ++o) {
    __m512 a = _mm512_setzero_ps();
    for (int64_t i = 0; i < in; i += 32)
      a = _mm512_dpbf16_ps(a, (__m512bh)_mm512_loadu_si512(w + o * in + i), (__m512bh)_mm512_loadu_si512(xb + i));
    y[o] = bias[o] + _mm512_reduce_add_ps(a);
  }
}

// fp32 -> bf16 (round to nearest even), laid out as the dot product's pairs expect.
VLAE_BF16_TARGET void to_bf16(const float* x, uint16_t* xb, int64_t in) {
  for (int64_t i = 0; i < in; i += 32) {
    const __m512bh v = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(x + i));
    _mm512_storeu_si512(xb + i, (__m512i)v);
  }
}
}  // namespace

bool gemv_bf16_supported(int64_t in_features) {
  return kernels_may_use_avx512_bf16() && in_features > 0 && in_features % 32 == 0;
}

torch::Tensor linear_rows_bf16(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  TORCH_CHECK(weight.scalar_type() == torch::kBFloat16 && weight.is_contiguous() && weight.dim() == 2,
              "linear_rows_bf16: weight must be contiguous bf16 [out, in]");
  TORCH_CHECK(gemv_bf16_supported(weight.size(1)) && x.size(-1) == weight.size(1),
              "linear_rows_bf16: unsupported shape");
  const int64_t rows = x.size(0), in = weight.size(1), out = weight.size(0);
  const torch::Tensor xf = x.to(torch::kFloat32).contiguous();
  const torch::Tensor b = bias.to(torch::kFloat32).contiguous();
  torch::Tensor y = torch::empty({rows, out}, torch::kFloat32);
  const auto* w = reinterpret_cast<const uint16_t*>(weight.data_ptr());
  std::vector<uint16_t> xb(static_cast<size_t>(in));
  for (int64_t r = 0; r < rows; ++r) {
    to_bf16(xf.data_ptr<float>() + r * in, xb.data(), in);
    float* yr = y.data_ptr<float>() + r * out;
    at::parallel_for(0, out, 64,
                     [&](int64_t o0, int64_t o1) { dot_rows(w, xb.data(), b.data_ptr<float>(), yr, o0, o1, in); });
  }
  return y;
}

}  // namespace vlae
#pragma GCC diagnostic pop
