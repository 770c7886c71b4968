#include "core/data/dsprites.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/common/error.h"
#include "core/io/npz_reader.h"

namespace vlae {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMargin = 14.0;     // the largest sprite's reach from its centre, rounded up
constexpr double kSquareHalf = 9.6;  // half the side at scale 1
constexpr double kEllipseA = 12.8;   // semi-axes at scale 1
constexpr double kEllipseB = 6.4;
constexpr double kHeartUnit = 9.5;         // pixels per unit of the heart curve at scale 1
constexpr double kHeartCentroid = 0.2935;  // the curve's centre of mass sits this far above its origin
// Farthest point from the centre at scale 1 (bounding box of any rotation): the square's corner,
// the ellipse's long semi-axis, the heart's tip (1.2932 units below its centre of mass).
constexpr double kReach[3] = {kSquareHalf * 1.41421357, kEllipseA, 1.2932 * kHeartUnit};

std::string factor_list(const int f[kDspritesFactors]) {
  std::string s;
  for (int k = 0; k < kDspritesFactors; ++k) s += (k ? ", " : "") + std::to_string(f[k]);
  return s;
}

void check_factors(const int f[kDspritesFactors]) {
  for (int k = 0; k < kDspritesFactors; ++k)
    if (f[k] < 0 || f[k] >= kDspritesLevels[k])
      throw usage_error("dsprites: factor " + std::string(kDspritesFactorNames[k]) + " must be 0.." +
                        std::to_string(kDspritesLevels[k] - 1) + ", got " + std::to_string(f[k]) + " in (" +
                        factor_list(f) + ")");
}

// (u, w): a point in the shape's own frame at scale 1, x right and y up, origin at its centre.
bool inside(int shape, double u, double w) {
  switch (shape) {
    case 0:
      return std::abs(u) <= kSquareHalf && std::abs(w) <= kSquareHalf;
    case 1:
      return (u * u) / (kEllipseA * kEllipseA) + (w * w) / (kEllipseB * kEllipseB) <= 1.0;
    default: {
      const double x = u / kHeartUnit, y = w / kHeartUnit + kHeartCentroid;
      const double r = x * x + y * y - 1.0;
      return r * r * r <= x * x * y * y * y;
    }
  }
}

// Integer element `i` of an integer array in NumPy's byte order, as int64 (unsigned 8-byte values
// above 2^63 cannot be factor indices and wrap to negative, which the range checks then refuse).
int64_t integer_at(const NpyArray& a, uint64_t i) {
  const size_t n = a.item_size();
  const uint8_t* p = a.data.data() + i * n;
  const bool big = a.descr[0] == '>';
  uint64_t v = 0;
  for (size_t b = 0; b < n; ++b) v |= uint64_t(p[big ? n - 1 - b : b]) << (8 * b);
  if (a.descr[1] == 'i' && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t(0) << (8 * n);  // sign-extend
  return int64_t(v);
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

void dsprites_factors(size_t index, int factors[kDspritesFactors]) {
  if (index >= kDspritesImages)
    throw usage_error("dsprites: image index " + std::to_string(index) + " is out of range 0.." +
                      std::to_string(kDspritesImages - 1));
  for (int k = kDspritesFactors - 1; k >= 0; --k) {
    factors[k] = int(index % size_t(kDspritesLevels[k]));
    index /= size_t(kDspritesLevels[k]);
  }
}

size_t dsprites_index(const int factors[kDspritesFactors]) {
  check_factors(factors);
  size_t index = 0;
  for (int k = 0; k < kDspritesFactors; ++k) index = index * size_t(kDspritesLevels[k]) + size_t(factors[k]);
  return index;
}

void draw_dsprite(const int factors[kDspritesFactors], uint8_t* out) {
  check_factors(factors);
  constexpr int n = kDspritesSide;
  std::memset(out, 0, size_t(n) * n);
  const int shape = factors[0];
  const double s = 0.5 + 0.1 * factors[1];
  const double angle = factors[2] * (2 * kPi / kDspritesLevels[2]);
  const double span = n - 2 * kMargin;
  const double cx = kMargin + span * factors[3] / (kDspritesLevels[3] - 1);
  const double cy = kMargin + span * factors[4] / (kDspritesLevels[4] - 1);
  const double c = std::cos(angle) / s, sn = std::sin(angle) / s;  // rotate back, then undo the scale
  const double reach = kReach[shape] * s + 1.0;
  const int x0 = std::max(0, int(std::floor(cx - reach))), x1 = std::min(n - 1, int(std::ceil(cx + reach)));
  const int y0 = std::max(0, int(std::floor(cy - reach))), y1 = std::min(n - 1, int(std::ceil(cy + reach)));
  for (int y = y0; y <= y1; ++y) {
    const double dy = cy - (y + 0.5);  // up is positive
    uint8_t* row = out + size_t(y) * n;
    for (int x = x0; x <= x1; ++x) {
      const double dx = (x + 0.5) - cx;
      if (inside(shape, c * dx + sn * dy, c * dy - sn * dx)) row[x] = 255;
    }
  }
}

DspritesFile read_dsprites_npz(const std::string& path) {
  NpyArray imgs = read_npz_member(path, "imgs");
  const NpyArray classes = read_npz_member(path, "latents_classes");
  const bool byte_type = imgs.item_size() == 1 && (imgs.descr[1] == 'u' || imgs.descr[1] == 'b');
  if (!byte_type || imgs.shape.size() != 3 || imgs.shape[1] != kDspritesSide || imgs.shape[2] != kDspritesSide)
    throw Error(path + ": 'imgs' must be N x 64 x 64 bytes, found " + shape_text(imgs.shape) + " of type '" +
                imgs.descr + "'");
  const int64_t count = imgs.shape[0];
  if (count < 1) throw Error(path + ": 'imgs' holds no images");
  if (imgs.fortran_order) throw Error(path + ": 'imgs' is stored in Fortran order; expected C order as DeepMind's");
  const char kind = classes.descr[1];
  if ((kind != 'i' && kind != 'u') || classes.shape.size() != 2 || classes.shape[0] != count ||
      classes.shape[1] != kDspritesFactors + 1)
    throw Error(path + ": 'latents_classes' must be " + std::to_string(count) +
                " x 6 integers to match 'imgs', found " + shape_text(classes.shape) + " of type '" + classes.descr +
                "'");
  if (classes.fortran_order)
    throw Error(path + ": 'latents_classes' is stored in Fortran order; expected C order as DeepMind's");

  DspritesFile file;
  file.count = size_t(count);
  file.factors.resize(file.count * kDspritesFactors);
  for (size_t i = 0; i < file.count; ++i)
    for (int k = 0; k < kDspritesFactors; ++k) {
      const int64_t v = integer_at(classes, i * (kDspritesFactors + 1) + 1 + k);
      if (v < 0 || v >= kDspritesLevels[k])
        throw Error(path + ": 'latents_classes' row " + std::to_string(i) + " has " + kDspritesFactorNames[k] + " " +
                    std::to_string(v) + ", outside 0.." + std::to_string(kDspritesLevels[k] - 1));
      file.factors[i * kDspritesFactors + k] = v;
    }
  file.pixels = std::move(imgs.data);
  for (size_t p = 0; p < file.pixels.size(); ++p) {
    const uint8_t v = file.pixels[p];
    if (v > 1)
      throw Error(path + ": 'imgs' image " + std::to_string(p / (kDspritesSide * kDspritesSide)) + " holds value " +
                  std::to_string(v) + "; dSprites pixels are 0 or 1");
    file.pixels[p] = uint8_t(v * 255);
  }
  return file;
}

}  // namespace vlae
