#include "core/data/dsprites_set.h"

#include "core/common/error.h"
#include "core/data/dsprites.h"

namespace vlae {

namespace {
class DspritesDrawer final : public ImageDrawer {
 public:
  size_t count() const override { return kDspritesImages; }
  void draw(size_t row, uint8_t* out) const override {
    int f[kDspritesFactors];
    dsprites_factors(row, f);
    draw_dsprite(f, out);
  }
};

Dataset empty_dsprites(const std::string& name) {
  Dataset d;
  d.name = name;
  d.channels = 1;
  d.height = d.width = kDspritesSide;
  d.factor_names.assign(std::begin(kDspritesFactorNames), std::end(kDspritesFactorNames));
  return d;
}
}  // namespace

Dataset make_dsprites() {
  Dataset d = empty_dsprites("dsprites");
  d.drawer = std::make_shared<DspritesDrawer>();
  d.labels.resize(kDspritesImages);
  d.factors.resize(kDspritesImages * kDspritesFactors);
  for (size_t i = 0; i < kDspritesImages; ++i) {
    int f[kDspritesFactors];
    dsprites_factors(i, f);
    d.labels[i] = f[0];
    for (int k = 0; k < kDspritesFactors; ++k) d.factors[i * kDspritesFactors + size_t(k)] = f[k];
  }
  d.note = "dsprites: drawn in code from the factor grid (not DeepMind's file)";
  return d;
}

Dataset load_dsprites_file(const std::string& path) {
  DspritesFile file = read_dsprites_npz(path);
  Dataset d = empty_dsprites("dsprites:" + path);
  d.factors = std::move(file.factors);
  d.labels.resize(file.count);
  for (size_t i = 0; i < file.count; ++i) d.labels[i] = d.factors[i * kDspritesFactors];
  d.pixels = std::move(file.pixels);
  d.note = "dsprites: " + path;
  return d;
}

void check_dsprites_shape(const std::string& spec, const std::optional<ImageShape>& shape) {
  if (!shape || (shape->channels == 1 && shape->height == kDspritesSide && shape->width == kDspritesSide)) return;
  throw usage_error(spec + " holds 1x64x64 images but the model takes " + std::to_string(shape->channels) + "x" +
                    std::to_string(shape->height) + "x" + std::to_string(shape->width) +
                    ": train it with --preset dsprites");
}

}  // namespace vlae
