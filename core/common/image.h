#pragma once
// Plain CPU images: what crosses from the core to the UI and to PNG files (no torch types).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vlae {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;             // 1 (grey) or 3 (RGB)
  std::vector<uint8_t> pixels;  // row-major, interleaved channels (HWC)

  bool empty() const { return pixels.empty(); }
  uint8_t at(int x, int y, int c) const { return pixels[(size_t(y) * width + x) * channels + c]; }
};

// FNV-1a over the pixels: a cheap fingerprint, so tests can tell one decoded image from another.
uint64_t pixels_digest(const std::vector<uint8_t>& pixels);

// Tiles same-sized images into a rows x cols grid with `pad` pixels of `background` between them.
Image tile_images(const std::vector<Image>& tiles, int rows, int cols, int pad = 2, uint8_t background = 255);

// Places panels side by side (e.g. one traversal panel per layer, bottom -> top) with a gap.
Image concat_horizontal(const std::vector<Image>& panels, int gap = 8, uint8_t background = 255);

}  // namespace vlae
