#include "ui/gl/image_view.h"

#include <cstdint>

#include "ui/gl/gl.h"

namespace vlae::ui {

ImageProgram::~ImageProgram() {
  if (vao_) glDeleteVertexArrays(1, &vao_);
}

void ImageProgram::build(const std::string& shaders_dir) {
  program_.build_from_files(shaders_dir + "/image.vert", shaders_dir + "/image.frag");
  if (!vao_) glGenVertexArrays(1, &vao_);  // core profile draws need a bound VAO, even an empty one
  const unsigned p = program_.id();
  u_image_ = glGetUniformLocation(p, "u_image");
  u_reference_ = glGetUniformLocation(p, "u_reference");
  u_mode_ = glGetUniformLocation(p, "u_mode");
  u_data_range_ = glGetUniformLocation(p, "u_data_range");
  u_window_ = glGetUniformLocation(p, "u_window");
  u_diff_max_ = glGetUniformLocation(p, "u_diff_max");
}

ImageView::~ImageView() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (target_) glDeleteTextures(1, &target_);
}

void ImageView::set_image(Image image) {
  image_ = std::move(image);
  source_.upload(image_);
  if (!reference_set_) keep_current_as_reference();
  dirty_ = true;
}

void ImageView::keep_current_as_reference() {
  if (image_.empty()) return;
  reference_.upload(image_);
  reference_set_ = true;
  dirty_ = true;
}

void ImageView::ensure_target(int w, int h) {
  if (w == target_w_ && h == target_h_ && target_) return;
  if (!target_) glGenTextures(1, &target_);
  glBindTexture(GL_TEXTURE_2D, target_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindTexture(GL_TEXTURE_2D, 0);
  if (!fbo_) glGenFramebuffers(1, &fbo_);
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target_, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
  target_w_ = w;
  target_h_ = h;
  dirty_ = true;
}

void* ImageView::texture_for(const ImageProgram* program, int out_w, int out_h, const DisplayParams& params) {
  if (image_.empty()) return nullptr;
  if (!program || !program->ready() || out_w <= 0 || out_h <= 0) return source_.imgui_id();
  ensure_target(out_w, out_h);
  if (dirty_ || params != last_params_) {
    GLint previous_fbo = 0, viewport[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, out_w, out_h);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glUseProgram(program->program_.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, source_.id());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, reference_.id());
    glUniform1i(program->u_image_, 0);
    glUniform1i(program->u_reference_, 1);
    glUniform1i(program->u_mode_, params.mode);
    glUniform2f(program->u_data_range_, params.data_lo, params.data_hi);
    glUniform2f(program->u_window_, params.window_lo, params.window_hi);
    glUniform1f(program->u_diff_max_, params.diff_max);
    glBindVertexArray(program->vao_);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous_fbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    dirty_ = false;
    last_params_ = params;
  }
  return reinterpret_cast<void*>(static_cast<intptr_t>(target_));
}

}  // namespace vlae::ui
