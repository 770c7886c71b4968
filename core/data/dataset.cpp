#include "core/data/dataset.h"

#include <algorithm>
#include <cstring>

namespace vlae {

PixelStore::PixelStore(std::vector<uint8_t> bytes) {
  auto owned = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
  data_ = owned->data();
  size_ = owned->size();
  owner_ = std::move(owned);
}

PixelStore PixelStore::view(std::shared_ptr<const void> owner, const uint8_t* data, size_t size) {
  PixelStore s;
  s.owner_ = std::move(owner);
  s.data_ = data;
  s.size_ = size;
  return s;
}

bool operator==(const PixelStore& a, const PixelStore& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }
bool operator==(const PixelStore& a, const std::vector<uint8_t>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
bool operator==(const std::vector<uint8_t>& a, const PixelStore& b) { return b == a; }

std::vector<uint8_t> packed_pixels(const Dataset& d) {
  std::vector<uint8_t> out(d.size() * d.image_bytes());
  for (size_t i = 0; i < d.size(); ++i) std::memcpy(out.data() + i * d.image_bytes(), d.image(i), d.image_bytes());
  return out;
}

Image dataset_image(const Dataset& d, size_t i) {
  Image img;
  img.width = d.width;
  img.height = d.height;
  img.channels = d.channels;
  img.pixels.resize(d.image_bytes());
  const uint8_t* src = d.image(i);
  const size_t plane = size_t(d.width) * d.height;
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < d.channels; ++c) img.pixels[p * d.channels + c] = src[size_t(c) * plane + p];
  return img;
}

}  // namespace vlae
