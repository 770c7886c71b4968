#include "ui/gl/screenshot.h"

#include <cstring>

#include "ui/gl/gl.h"

namespace vlae::ui {

Image read_back_buffer(int width, int height) {
  Image img;
  img.width = width;
  img.height = height;
  img.channels = 3;
  std::vector<uint8_t> rows(size_t(width) * height * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
  // GL rows run bottom-up; PNG rows run top-down.
  img.pixels.resize(rows.size());
  const size_t stride = size_t(width) * 3;
  for (int y = 0; y < height; ++y)
    std::memcpy(img.pixels.data() + size_t(y) * stride, rows.data() + size_t(height - 1 - y) * stride, stride);
  return img;
}

}  // namespace vlae::ui
