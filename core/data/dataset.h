#pragma once
// A data set held as uint8 pixels (NCHW) with optional labels. The trainer converts batches to
// floats in the preset's range; keeping bytes here keeps large sets small in memory.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/image.h"

namespace vlae {

// Read-only image bytes that are either owned (a vector) or a view into memory someone else
// keeps alive (a memory-mapped cache file), so a 200,000-image set need not sit in RAM.
// Copies share the bytes.
class PixelStore {
 public:
  PixelStore() = default;
  PixelStore(std::vector<uint8_t> bytes);  // NOLINT: implicit, so `d.pixels = std::move(vec)` reads naturally
  // `owner` keeps [data, data + size) valid for as long as any copy of the store lives.
  static PixelStore view(std::shared_ptr<const void> owner, const uint8_t* data, size_t size);

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* begin() const { return data_; }
  const uint8_t* end() const { return data_ + size_; }
  uint8_t operator[](size_t i) const { return data_[i]; }

 private:
  std::shared_ptr<const void> owner_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

bool operator==(const PixelStore& a, const PixelStore& b);
bool operator==(const PixelStore& a, const std::vector<uint8_t>& b);
bool operator==(const std::vector<uint8_t>& a, const PixelStore& b);

// Images drawn on demand instead of stored, for a set too large to hold as bytes (dsprites:
// 737,280 images would be 3 GB) whose every image is a function of its row. Thread-safe.
class ImageDrawer {
 public:
  virtual ~ImageDrawer() = default;
  virtual size_t count() const = 0;
  // Writes image `row` (image_bytes() bytes, planar) to `out`.
  virtual void draw(size_t row, uint8_t* out) const = 0;
};

struct Dataset {
  std::string name;  // registry name or "idx:PATH"
  int channels = 0, height = 0, width = 0;
  PixelStore pixels;  // whole images of image_bytes() each, NCHW
  // Image i is row rows[i] of `pixels` when set (a split shares its parent's bytes instead of
  // copying them); otherwise image i is row i.
  std::vector<uint32_t> rows;
  // Set for a drawn set: rows index the drawer's images and `pixels` stays empty.
  std::shared_ptr<const ImageDrawer> drawer;
  std::vector<int64_t> labels;  // size() entries, or empty when the set has none
  // Known generative factors (the built-in `shapes` set), each a small class index so a probe can
  // ask which latent layer predicts it: row-major, size() rows x factor_names.size() columns.
  std::vector<std::string> factor_names;
  std::vector<int64_t> factors;
  // Files a folder loader could not decode and left out (shown by the CLI and the GUI).
  size_t skipped_files = 0;
  std::string note;  // one line on where the pixels came from (e.g. the cache file), or empty

  size_t image_bytes() const { return size_t(channels) * height * width; }
  size_t size() const {
    return !rows.empty() ? rows.size() : drawer ? drawer->count() : image_bytes() ? pixels.size() / image_bytes() : 0;
  }
  // Image i's bytes, stored or drawn (image_bytes() of them, planar).
  void copy_image(size_t i, uint8_t* out) const;
  // Image i in place: stored sets only (a drawn set has no bytes to point at; use copy_image).
  const uint8_t* image(size_t i) const { return pixels.data() + (rows.empty() ? i : rows[i]) * image_bytes(); }
  int64_t factor(size_t i, size_t f) const { return factors[i * factor_names.size() + f]; }
};

// Image i of a data set (planar NCHW bytes) as an interleaved HWC image, to show or save.
Image dataset_image(const Dataset& d, size_t i);

// What a model expects: loaders that resize (folder, celeba, shapes) produce this shape.
struct ImageShape {
  int channels = 1, height = 28, width = 28;
};

// The images of `d` back to back in index order (a copy).
std::vector<uint8_t> packed_pixels(const Dataset& d);

// The fixed, reproducible train / held-out division of a named data set.
struct DataSplit {
  Dataset train;
  Dataset heldout;
};

}  // namespace vlae
