#pragma once
// A linked GLSL program built from two files. Compile and link failures throw vlae::Error
// carrying the file name and the driver's info log, so the banner can show them.
#include <string>

namespace vlae::ui {

class ShaderProgram {
 public:
  ShaderProgram() = default;
  ~ShaderProgram();
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;

  void build_from_files(const std::string& vertex_path, const std::string& fragment_path);
  void build(const std::string& vertex_src, const std::string& fragment_src, const std::string& vertex_name,
             const std::string& fragment_name);

  bool valid() const { return id_ != 0; }
  unsigned id() const { return id_; }
  int uniform(const char* name) const;

 private:
  unsigned id_ = 0;
};

// Where the GLSL files live: $VLAE_SHADERS_DIR, else shaders/ in the program's share/vlae-explorer
// (core/common/share_dir.h). Throws where that folder holds no image.frag.
std::string find_shaders_dir();

}  // namespace vlae::ui
