#include "core/model/deconv_taps.h"

#include <algorithm>
#include <cstring>

namespace vlae {
namespace {

// The input rows (or columns) whose taps reach output position o: i*stride + t == o + padding
// for a tap t in [0, kernel).
struct Span {
  int64_t first, last;  // inclusive; empty when first > last
};
Span reaching(int64_t o, int64_t size, const DeconvTaps& s) {
  const int64_t full = o + s.padding;
  const int64_t lo = full - s.kernel + 1;
  const int64_t first = lo <= 0 ? 0 : (lo + s.stride - 1) / s.stride;
  return {first, std::min(size - 1, full / s.stride)};
}

// acc[c] += the fp32 value of bf16 src[c]: a bf16 is the high half of an fp32.
void add_bf16(float* __restrict acc, const uint16_t* __restrict src, int64_t n) {
  for (int64_t c = 0; c < n; ++c) {
    const uint32_t bits = uint32_t(src[c]) << 16;
    float v;
    std::memcpy(&v, &bits, sizeof v);
    acc[c] += v;
  }
}

}  // namespace

void sum_deconv_taps_bf16(const uint16_t* taps, const float* bias, const DeconvTaps& s, float* out, int64_t first,
                          int64_t last, bool relu) {
  const int64_t C = s.channels, k = s.kernel, OH = s.out_height(), OW = s.out_width();
  const int64_t pixel_stride = k * k * C;
  for (int64_t row = first; row < last; ++row) {
    const int64_t b = row / OH, oy = row % OH;
    const uint16_t* image = taps + b * s.height * s.width * pixel_stride;
    float* dst = out + row * OW * C;
    const Span ys = reaching(oy, s.height, s);
    for (int64_t ox = 0; ox < OW; ++ox, dst += C) {
      const Span xs = reaching(ox, s.width, s);
      std::copy(bias, bias + C, dst);
      for (int64_t iy = ys.first; iy <= ys.last; ++iy) {
        const int64_t ky = oy + s.padding - iy * s.stride;
        for (int64_t ix = xs.first; ix <= xs.last; ++ix) {
          const int64_t kx = ox + s.padding - ix * s.stride;
          add_bf16(dst, image + (iy * s.width + ix) * pixel_stride + (ky * k + kx) * C, C);
        }
      }
      if (relu)
        for (int64_t c = 0; c < C; ++c) dst[c] = std::max(dst[c], 0.0f);
    }
  }
}

}  // namespace vlae
