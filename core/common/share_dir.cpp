#include "core/common/share_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "core/common/error.h"

#ifndef VLAE_SHARE_RELATIVE
#define VLAE_SHARE_RELATIVE "../share/vlae-explorer"
#endif

namespace fs = std::filesystem;

namespace vlae {

fs::path executable_dir() {
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return {};
  exe[n] = '\0';
  return fs::path(exe).parent_path();
}

fs::path share_dir() {
  if (const char* env = std::getenv("VLAE_SHARE_DIR"); env && *env) return fs::path(env);
  fs::path dir = executable_dir();
  for (int depth = 0; depth < 3 && !dir.empty(); ++depth, dir = dir.parent_path()) {
    std::error_code ec;
    const fs::path candidate = (dir / VLAE_SHARE_RELATIVE).lexically_normal();
    if (fs::is_directory(candidate, ec)) return candidate;
    if (dir == dir.root_path()) break;
  }
  return {};
}

fs::path share_subdir(const std::string& name, const std::string& env_var) {
  const fs::path share = share_dir();
  std::error_code ec;
  if (!share.empty() && fs::is_directory(share / name, ec)) return share / name;
  const fs::path exe = executable_dir();
  throw usage_error("cannot find the " + name + " folder: no " + std::string(VLAE_SHARE_RELATIVE) + "/" + name +
                    " beside " + (exe.empty() ? std::string("the program") : exe.string()) + " or its parents; set " +
                    env_var + " or VLAE_SHARE_DIR");
}

}  // namespace vlae
