#include "core/common/startup_environment.h"

#include <unistd.h>

#include <cstring>

#include "core/common/blas_core.h"
#include "core/common/cpu_features.h"

namespace vlae {
namespace {
// envp's value of KEY, or nullptr.
const char* find(char** envp, const char* key) {
  const size_t length = std::strlen(key);
  for (size_t i = 0; envp[i] != nullptr; ++i)
    if (std::strncmp(envp[i], key, length) == 0 && envp[i][length] == '=') return envp[i] + length + 1;
  return nullptr;
}

// "KEY=value" into static storage (no heap: libc is not initialised yet).
char* entry(char* storage, size_t size, const char* key, const char* value) {
  const size_t k = std::strlen(key), v = std::strlen(value);
  if (k + v + 2 > size) return nullptr;
  std::memcpy(storage, key, k);
  storage[k] = '=';
  std::memcpy(storage + k + 1, value, v + 1);
  return storage;
}
}  // namespace

void exec_with_startup_environment(int, char** argv, char** envp) {
  // libc is not initialised yet: its environ, getenv and setenv are not to be trusted here (libc's
  // own constructor resets environ), so the environment is read from envp and copied into static
  // storage rather than the heap.
  static char passive[] = "OMP_WAIT_POLICY=PASSIVE";
  static char coretype[64], picked[64];
  static char* extended[4096];
  char* added[3] = {};
  size_t n_added = 0;
  if (find(envp, "OMP_WAIT_POLICY") == nullptr) added[n_added++] = passive;
  if (find(envp, "OPENBLAS_CORETYPE") == nullptr) {
    const CpuFeatures cpu = read_cpu_features();
    const char* core = openblas_core_for(cpu, capped_kernel_isa(cpu, find(envp, "VLAE_CPU_ISA")));
    if (core != nullptr) {
      added[n_added++] = entry(coretype, sizeof coretype, "OPENBLAS_CORETYPE", core);
      // Tells the program that the choice was ours, for its one line at start (blas_core_notice).
      added[n_added++] = entry(picked, sizeof picked, kBlasCorePickedVariable, core);
    }
  }
  if (n_added == 0) return;
  size_t n = 0;
  for (; envp[n] != nullptr; ++n) {
    if (n + n_added + 1 >= sizeof extended / sizeof extended[0]) return;
    extended[n] = envp[n];
  }
  for (size_t i = 0; i < n_added; ++i) extended[n++] = added[i];
  extended[n] = nullptr;
  execve("/proc/self/exe", argv, extended);
  // Only reached when exec failed: run on with the libraries' defaults.
}

}  // namespace vlae
