#pragma once
// A data set held as uint8 pixels (NCHW) with optional labels. The trainer converts batches to
// floats in the preset's range; keeping bytes here keeps large sets small in memory.
#include <cstdint>
#include <string>
#include <vector>

namespace vlae {

struct Dataset {
  std::string name;              // registry name or "idx:PATH"
  int channels = 0, height = 0, width = 0;
  std::vector<uint8_t> pixels;   // size() * channels * height * width, NCHW
  std::vector<int64_t> labels;   // size() entries, or empty when the set has none
  // Known generative factors (the built-in `shapes` set), each a small class index so a probe can
  // ask which latent layer predicts it: row-major, size() rows x factor_names.size() columns.
  std::vector<std::string> factor_names;
  std::vector<int64_t> factors;

  size_t image_bytes() const { return size_t(channels) * height * width; }
  size_t size() const { return image_bytes() ? pixels.size() / image_bytes() : 0; }
  const uint8_t* image(size_t i) const { return pixels.data() + i * image_bytes(); }
  int64_t factor(size_t i, size_t f) const { return factors[i * factor_names.size() + f]; }
};

// The fixed, reproducible train / held-out division of a named data set.
struct DataSplit {
  Dataset train;
  Dataset heldout;
};

}  // namespace vlae
