#include "core/data/shapes.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/common/error.h"

namespace vlae {
namespace {

constexpr int kShapes = 4, kSizes = 3, kPositions = 5, kFills = 3, kColours = 4;
constexpr int kSub = 3;  // kSub x kSub samples per pixel: antialiased edges

// Signed distance-like value in unit coordinates, negative inside (exact enough for strokes).
double shape_distance(int shape, double dx, double dy, double r) {
  const double ax = std::abs(dx), ay = std::abs(dy);
  switch (shape) {
    case 0:
      return std::max(ax, ay) - 0.85 * r;  // square
    case 1:
      return std::sqrt(dx * dx + dy * dy) - r;  // circle
    case 2:
      return std::max({dy, 0.866 * dx - 0.5 * dy, -0.866 * dx - 0.5 * dy}) - 0.5 * r;  // triangle, apex up
    default:
      return std::min(std::max(ax - r, ay - r / 3), std::max(ax - r / 3, ay - r));  // cross
  }
}

const uint8_t kRgb[kColours][3] = {{230, 40, 40}, {40, 210, 60}, {50, 90, 240}, {240, 220, 40}};
const uint8_t kGrey[kColours] = {255, 205, 155, 105};

}  // namespace

Dataset make_shapes(int count, int channels, int height, int width, uint64_t seed) {
  if (count < 1) throw usage_error("shapes: image count must be at least 1, got " + std::to_string(count));
  if ((channels != 1 && channels != 3) || height < 8 || width < 8)
    throw usage_error("shapes: can draw 1 or 3 channels of at least 8x8, not " + std::to_string(channels) + "x" +
                      std::to_string(height) + "x" + std::to_string(width));
  Dataset d;
  d.name = "shapes";
  d.channels = channels;
  d.height = height;
  d.width = width;
  d.factor_names = {"shape", "size", "x", "y", "fill", "colour"};
  const int levels[6] = {kShapes, kSizes, kPositions, kPositions, kFills, kColours};
  std::vector<uint8_t> pixels(size_t(count) * d.image_bytes(), 0);
  std::mt19937_64 rng(seed);  // raw engine output: the same set with every standard library
  std::vector<float> coverage(size_t(height) * width);
  for (int i = 0; i < count; ++i) {
    int f[6];
    for (int k = 0; k < 6; ++k) f[k] = int(rng() % uint64_t(levels[k]));
    d.factors.insert(d.factors.end(), f, f + 6);
    d.labels.push_back(f[0]);

    const double r = 0.10 + 0.04 * f[1], cx = 0.2 + 0.15 * f[2], cy = 0.2 + 0.15 * f[3];
    const double stroke = f[4] == 0 ? 0.045 : 0.09;
    std::fill(coverage.begin(), coverage.end(), 0.0f);
    // Only the shape's bounding box can be covered.
    const int x0 = std::max(0, int((cx - r - 0.05) * width)), x1 = std::min(width - 1, int((cx + r + 0.05) * width));
    const int y0 = std::max(0, int((cy - r - 0.05) * height)), y1 = std::min(height - 1, int((cy + r + 0.05) * height));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        int hits = 0;
        for (int sy = 0; sy < kSub; ++sy)
          for (int sx = 0; sx < kSub; ++sx) {
            const double u = (x + (sx + 0.5) / kSub) / width, v = (y + (sy + 0.5) / kSub) / height;
            const double dist = shape_distance(f[0], u - cx, v - cy, r);
            hits += dist <= 0 && (f[4] == 2 || dist >= -stroke);
          }
        coverage[size_t(y) * width + x] = float(hits) / (kSub * kSub);
      }
    uint8_t* img = pixels.data() + size_t(i) * d.image_bytes();
    const size_t plane = size_t(height) * width;
    for (int c = 0; c < channels; ++c) {
      const double level = channels == 3 ? kRgb[f[5]][c] : kGrey[f[5]];
      for (size_t p = 0; p < plane; ++p) img[c * plane + p] = uint8_t(std::lround(coverage[p] * level));
    }
  }
  d.pixels = std::move(pixels);
  return d;
}

}  // namespace vlae
