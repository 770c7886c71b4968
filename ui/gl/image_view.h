#pragma once
// An image shown through shaders/image.{vert,frag}: the decoded image and a reference image live
// in textures; a pass renders them (window mapping, nearest magnification, or the |difference|
// heat map) into an FBO-backed texture that ImGui::Image draws. UI thread only.
#include <string>

#include "core/common/image.h"
#include "ui/gl/shader.h"
#include "ui/gl/texture.h"

namespace vlae::ui {

// The GLSL program and the empty vertex array every view shares.
class ImageProgram {
 public:
  ImageProgram() = default;
  ~ImageProgram();
  ImageProgram(const ImageProgram&) = delete;
  ImageProgram& operator=(const ImageProgram&) = delete;
  // Builds from DIR/image.vert and DIR/image.frag; throws vlae::Error with the info log.
  void build(const std::string& shaders_dir);
  bool ready() const { return program_.valid(); }

 private:
  friend class ImageView;
  ShaderProgram program_;
  unsigned vao_ = 0;
  int u_image_ = -1, u_reference_ = -1, u_mode_ = -1, u_data_range_ = -1, u_window_ = -1, u_diff_max_ = -1;
};

struct DisplayParams {
  enum Mode { Plain = 0, Difference = 1 };
  int mode = Plain;
  float data_lo = 0, data_hi = 1;  // what stored 0 and 255 stand for ([0,1] or [-1,1] data)
  float window_lo = 0, window_hi = 1;
  float diff_max = 0.5f;
  bool operator==(const DisplayParams& o) const {
    return mode == o.mode && data_lo == o.data_lo && data_hi == o.data_hi && window_lo == o.window_lo &&
           window_hi == o.window_hi && diff_max == o.diff_max;
  }
  bool operator!=(const DisplayParams& o) const { return !(*this == o); }
};

class ImageView {
 public:
  ImageView() = default;
  ~ImageView();
  ImageView(const ImageView&) = delete;
  ImageView& operator=(const ImageView&) = delete;

  void set_image(Image image);
  // The heat map compares against this: the image shown before the last edit.
  void keep_current_as_reference();
  bool has_image() const { return !image_.empty(); }
  const Image& image() const { return image_; }

  // Renders at out_w x out_h when anything changed; returns the texture ImGui should draw
  // (the raw image texture when the program is not available).
  void* texture_for(const ImageProgram* program, int out_w, int out_h, const DisplayParams& params);

 private:
  void ensure_target(int w, int h);

  Image image_;
  Texture source_, reference_;
  bool reference_set_ = false;
  unsigned fbo_ = 0, target_ = 0;
  int target_w_ = 0, target_h_ = 0;
  bool dirty_ = true;
  DisplayParams last_params_;
};

}  // namespace vlae::ui
