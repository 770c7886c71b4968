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

void Dataset::copy_image(size_t i, uint8_t* out) const {
  const size_t row = rows.empty() ? i : rows[i];
  if (drawer)
    drawer->draw(row, out);
  else
    std::memcpy(out, pixels.data() + row * image_bytes(), image_bytes());
}

std::vector<uint8_t> packed_pixels(const Dataset& d) {
  std::vector<uint8_t> out(d.size() * d.image_bytes());
  for (size_t i = 0; i < d.size(); ++i) d.copy_image(i, out.data() + i * d.image_bytes());
  return out;
}

Image dataset_image(const Dataset& d, size_t i) {
  Image img;
  img.width = d.width;
  img.height = d.height;
  img.channels = d.channels;
  img.pixels.resize(d.image_bytes());
  std::vector<uint8_t> planar(d.image_bytes());
  d.copy_image(i, planar.data());
  const uint8_t* src = planar.data();
  const size_t plane = size_t(d.width) * d.height;
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < d.channels; ++c) img.pixels[p * d.channels + c] = src[size_t(c) * plane + p];
  return img;
}

}  // namespace vlae
