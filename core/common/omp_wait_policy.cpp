#include "core/common/omp_wait_policy.h"

#include <unistd.h>

#include <cstring>

namespace vlae {

void exec_with_passive_omp_wait(int, char** argv, char** envp) {
  // libc is not initialised yet: its environ, getenv and setenv are not to be trusted here (libc's
  // own constructor resets environ), so the environment is read from envp and copied into static
  // storage rather than the heap.
  static char passive[] = "OMP_WAIT_POLICY=PASSIVE";
  static char* with_passive[4096];
  const char* key = "OMP_WAIT_POLICY=";
  const size_t key_length = std::strlen(key);
  size_t n = 0;
  for (; envp[n] != nullptr; ++n) {
    if (std::strncmp(envp[n], key, key_length) == 0) return;
    if (n + 2 >= sizeof with_passive / sizeof with_passive[0]) return;
    with_passive[n] = envp[n];
  }
  with_passive[n] = passive;
  with_passive[n + 1] = nullptr;
  execve("/proc/self/exe", argv, with_passive);
  // Only reached when exec failed: run on with the runtime's default policy.
}

}  // namespace vlae
