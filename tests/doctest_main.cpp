// doctest's main, with the allocator and the start-up environment (OpenMP's wait policy, OpenBLAS's
// kernels) set up as the programs set them.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/common/malloc_tuning.h"
#include "core/common/startup_environment.h"

VLAE_STARTUP_ENVIRONMENT_AT_LOAD

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  return doctest::Context(argc, argv).run();
}
