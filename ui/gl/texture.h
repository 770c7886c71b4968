#pragma once
// A GL texture holding one plain image. Uploads reuse the storage (glTexSubImage2D) and
// reallocate only when the size or channel count changes. UI thread only.
#include <cstddef>  // core/common/image.h uses size_t without including it
#include <cstdint>

#include "core/common/image.h"

namespace vlae::ui {

class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  void upload(const Image& image);
  void reset();  // frees the GL object

  bool valid() const { return id_ != 0; }
  unsigned id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  // ImGui wants a void* texture id.
  void* imgui_id() const { return reinterpret_cast<void*>(static_cast<intptr_t>(id_)); }
  int reallocations() const { return reallocations_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0, channels_ = 0;
  int reallocations_ = 0;
};

}  // namespace vlae::ui
