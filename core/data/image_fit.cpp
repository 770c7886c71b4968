#include "core/data/image_fit.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vlae {
namespace {

// Per output sample: the source samples (edges clamped) and their normalised weights.
struct Taps {
  std::vector<size_t> offset;  // into src / weight, one per output sample plus an end
  std::vector<int> src;
  std::vector<float> weight;
};

// Triangle-filter taps mapping `in` samples onto `out`, pixel centres aligned. When shrinking
// the filter is widened by the scale, so every source pixel contributes (no aliasing).
Taps make_taps(int in, int out) {
  Taps t;
  const double scale = double(in) / out, support = std::max(1.0, scale);
  for (int o = 0; o < out; ++o) {
    t.offset.push_back(t.src.size());
    const double centre = (o + 0.5) * scale - 0.5;
    double sum = 0;
    const size_t start = t.weight.size();
    for (int i = int(std::floor(centre - support)); i <= int(std::ceil(centre + support)); ++i) {
      const double v = 1.0 - std::abs(i - centre) / support;
      if (v <= 0) continue;
      t.src.push_back(std::clamp(i, 0, in - 1));
      t.weight.push_back(float(v));
      sum += v;
    }
    for (size_t k = start; k < t.weight.size(); ++k) t.weight[k] = float(t.weight[k] / sum);
  }
  t.offset.push_back(t.src.size());
  return t;
}

}  // namespace

Image centre_crop(const Image& img, int crop_w, int crop_h) {
  crop_w = std::clamp(crop_w, 1, img.width);
  crop_h = std::clamp(crop_h, 1, img.height);
  const int x0 = (img.width - crop_w) / 2, y0 = (img.height - crop_h) / 2;
  Image out{crop_w, crop_h, img.channels, {}};
  out.pixels.resize(size_t(crop_w) * crop_h * img.channels);
  const size_t row = size_t(crop_w) * img.channels;
  for (int y = 0; y < crop_h; ++y)
    std::copy_n(&img.pixels[(size_t(y0 + y) * img.width + x0) * img.channels], row, &out.pixels[y * row]);
  return out;
}

Image resize_image(const Image& img, int width, int height) {
  if (img.width == width && img.height == height) return img;
  const int c = img.channels;
  const Taps tx = make_taps(img.width, width), ty = make_taps(img.height, height);
  // Horizontal pass into floats (source rows x output columns), then vertical into bytes.
  std::vector<float> mid(size_t(img.height) * width * c);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < width; ++x)
      for (int ch = 0; ch < c; ++ch) {
        float acc = 0;
        for (size_t k = tx.offset[x]; k < tx.offset[x + 1]; ++k)
          acc += tx.weight[k] * img.pixels[(size_t(y) * img.width + tx.src[k]) * c + ch];
        mid[(size_t(y) * width + x) * c + ch] = acc;
      }
  Image out{width, height, c, std::vector<uint8_t>(size_t(width) * height * c)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int ch = 0; ch < c; ++ch) {
        float acc = 0;
        for (size_t k = ty.offset[y]; k < ty.offset[y + 1]; ++k)
          acc += ty.weight[k] * mid[(size_t(ty.src[k]) * width + x) * c + ch];
        out.pixels[(size_t(y) * width + x) * c + ch] = uint8_t(std::clamp(std::lround(acc), 0L, 255L));
      }
  return out;
}

Image fit_image(const Image& img, int width, int height, int crop) {
  if (crop > 0) return resize_image(centre_crop(img, crop, crop), width, height);
  // Largest window with the target's aspect ratio: full width or full height.
  int cw = img.width, ch = int(std::lround(double(img.width) * height / width));
  if (ch > img.height) {
    ch = img.height;
    cw = int(std::lround(double(img.height) * width / height));
  }
  return resize_image(centre_crop(img, cw, ch), width, height);
}

void to_planar(const Image& img, uint8_t* dst) {
  const size_t plane = size_t(img.width) * img.height;
  for (int c = 0; c < img.channels; ++c)
    for (size_t p = 0; p < plane; ++p) dst[c * plane + p] = img.pixels[p * img.channels + c];
}

}  // namespace vlae
