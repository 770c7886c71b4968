#include "ui/gl/texture.h"

#include "ui/gl/gl.h"

namespace vlae::ui {

Texture::~Texture() { reset(); }

void Texture::reset() {
  if (id_) glDeleteTextures(1, &id_);
  id_ = 0;
  width_ = height_ = channels_ = 0;
}

void Texture::upload(const Image& image) {
  if (image.empty()) return;
  const GLenum format = image.channels == 1 ? GL_RED : GL_RGB;
  if (!id_) glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of 28 grey bytes are not 4-aligned
  if (image.width != width_ || image.height != height_ || image.channels != channels_) {
    // Nearest filtering: a 28x28 digit magnified 10x must stay crisp pixels, not a blur.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // Grey images read as grey everywhere (ImGui::Image fallback included), not as red.
    const GLint grey[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};
    const GLint rgb[4] = {GL_RED, GL_GREEN, GL_BLUE, GL_ONE};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, image.channels == 1 ? grey : rgb);
    glTexImage2D(GL_TEXTURE_2D, 0, image.channels == 1 ? GL_R8 : GL_RGB8, image.width, image.height, 0, format,
                 GL_UNSIGNED_BYTE, image.pixels.data());
    width_ = image.width;
    height_ = image.height;
    channels_ = image.channels;
    ++reallocations_;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, format, GL_UNSIGNED_BYTE, image.pixels.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace vlae::ui
