#include "core/common/omp_wait_policy.h"

#include <unistd.h>

#include <cstdlib>

namespace vlae {

void exec_with_passive_omp_wait(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Only reached when exec failed: run on with the runtime's default policy.
}

}  // namespace vlae
