#include "core/common/image.h"

#include <algorithm>
#include <stdexcept>

namespace vlae {

Image tile_images(const std::vector<Image>& tiles, int rows, int cols, int pad, uint8_t background) {
  if (tiles.empty()) return {};
  const Image& first = tiles.front();
  Image grid;
  grid.channels = first.channels;
  grid.width = cols * first.width + (cols + 1) * pad;
  grid.height = rows * first.height + (rows + 1) * pad;
  grid.pixels.assign(size_t(grid.width) * grid.height * grid.channels, background);
  for (size_t i = 0; i < tiles.size() && int(i) < rows * cols; ++i) {
    const Image& t = tiles[i];
    if (t.width != first.width || t.height != first.height || t.channels != first.channels)
      throw std::invalid_argument("tile_images: tiles differ in size");
    const int x0 = pad + int(i % cols) * (first.width + pad);
    const int y0 = pad + int(i / cols) * (first.height + pad);
    for (int y = 0; y < t.height; ++y) {
      const uint8_t* src = &t.pixels[size_t(y) * t.width * t.channels];
      uint8_t* dst = &grid.pixels[(size_t(y0 + y) * grid.width + x0) * grid.channels];
      std::copy(src, src + size_t(t.width) * t.channels, dst);
    }
  }
  return grid;
}

Image concat_horizontal(const std::vector<Image>& panels, int gap, uint8_t background) {
  if (panels.empty()) return {};
  Image out;
  out.channels = panels.front().channels;
  for (const Image& p : panels) {
    out.width += p.width;
    out.height = std::max(out.height, p.height);
  }
  out.width += gap * int(panels.size() - 1);
  out.pixels.assign(size_t(out.width) * out.height * out.channels, background);
  int x0 = 0;
  for (const Image& p : panels) {
    if (p.channels != out.channels) throw std::invalid_argument("concat_horizontal: channel counts differ");
    for (int y = 0; y < p.height; ++y) {
      const uint8_t* src = &p.pixels[size_t(y) * p.width * p.channels];
      std::copy(src, src + size_t(p.width) * p.channels, &out.pixels[(size_t(y) * out.width + x0) * out.channels]);
    }
    x0 += p.width + gap;
  }
  return out;
}

uint64_t pixels_digest(const std::vector<uint8_t>& pixels) {
  uint64_t h = 14695981039346656037ull;
  for (uint8_t b : pixels) h = (h ^ b) * 1099511628211ull;
  return h;
}

}  // namespace vlae
