// keep_freed_memory_for_reuse (called by this program's main, as by vlae's and the explorer's):
// a large block comes from the heap and is reused after free, instead of a fresh mmap each time.
#include <doctest/doctest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "core/common/malloc_tuning.h"

TEST_CASE("large blocks are reused from the heap, not mapped and unmapped each time") {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  vlae::keep_freed_memory_for_reuse();
  const size_t bytes = size_t(16) << 20;  // a 2048x2048 float tensor, as training steps allocate
  const size_t mapped_before = mallinfo2().hblkhd;
  void* first = std::malloc(bytes);
  REQUIRE(first != nullptr);
  std::memset(first, 1, bytes);
  CHECK(mallinfo2().hblkhd == mapped_before);  // not an mmap of its own
  std::free(first);
  void* second = std::malloc(bytes);
  REQUIRE(second != nullptr);
  CHECK(second == first);  // the same memory again: no new pages to fault in
  std::free(second);
#else
  MESSAGE("not glibc's malloc: nothing to check");
#endif
}
