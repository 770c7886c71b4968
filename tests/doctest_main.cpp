// doctest's main, with the allocator set up as the programs set it (see core/common/malloc_tuning.h).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/common/malloc_tuning.h"

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  return doctest::Context(argc, argv).run();
}
