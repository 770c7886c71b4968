#include "ui/gl/shader.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/common/share_dir.h"
#include "ui/gl/gl.h"

namespace vlae::ui {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read shader " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The info log on one line: the banner shows single lines.
std::string one_line(std::string log) {
  while (!log.empty() && (log.back() == '\n' || log.back() == '\0' || log.back() == ' ')) log.pop_back();
  for (char& c : log)
    if (c == '\n') c = ' ';
  return log.empty() ? "(no info log)" : log;
}

// Shaders and programs expose their info logs through twin entry points; one reader serves both.
template <typename GetIv, typename GetLog>
std::string info_log(GLuint id, GetIv get_iv, GetLog get_log) {
  GLint len = 0;
  get_iv(id, GL_INFO_LOG_LENGTH, &len);
  std::string log(size_t(len > 0 ? len : 1), '\0');
  get_log(id, len, nullptr, log.data());
  return log;
}

GLuint compile(GLenum type, const std::string& src, const std::string& name) {
  GLuint s = glCreateShader(type);
  const char* text = src.c_str();
  glShaderSource(s, 1, &text, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(s, glGetShaderiv, glGetShaderInfoLog);
    glDeleteShader(s);
    throw Error("shader " + name + " does not compile: " + one_line(log));
  }
  return s;
}

}  // namespace

ShaderProgram::~ShaderProgram() {
  if (id_) glDeleteProgram(id_);
}

void ShaderProgram::build_from_files(const std::string& vertex_path, const std::string& fragment_path) {
  build(read_text(vertex_path), read_text(fragment_path), vertex_path, fragment_path);
}

void ShaderProgram::build(const std::string& vertex_src, const std::string& fragment_src,
                          const std::string& vertex_name, const std::string& fragment_name) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertex_src, vertex_name);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, fragment_src, fragment_name);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);  // the program keeps them alive while attached
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(p, glGetProgramiv, glGetProgramInfoLog);
    glDeleteProgram(p);
    throw Error("shaders " + vertex_name + " + " + fragment_name + " do not link: " + one_line(log));
  }
  if (id_) glDeleteProgram(id_);
  id_ = p;
}

int ShaderProgram::uniform(const char* name) const { return id_ ? glGetUniformLocation(id_, name) : -1; }

std::string find_shaders_dir() {
  const char* env = std::getenv("VLAE_SHADERS_DIR");
  const std::filesystem::path dir =
      env && *env ? std::filesystem::path(env) : share_subdir("shaders", "VLAE_SHADERS_DIR");
  std::error_code ec;
  if (!std::filesystem::exists(dir / "image.frag", ec))
    throw Error("cannot find the shaders: no image.frag in " + dir.string() + "; set VLAE_SHADERS_DIR");
  return dir.string();
}

}  // namespace vlae::ui
