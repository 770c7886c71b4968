#include "core/common/malloc_tuning.h"

#include <malloc.h>

#include "core/common/tensor_memory_cache.h"

namespace vlae {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  // 32 MiB is glibc's largest mmap threshold on 64-bit; setting it also stops the threshold from
  // moving. Tensors above it (celeba's) are kept by the tensor memory cache below.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // Return the heap's top to the kernel only when more than 1 GiB of it is free.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // Large tensors are kept by size instead (sanitizer builds keep glibc's, or ASan's, free so that
  // use-after-free is still caught).
  install_tensor_memory_cache();
#endif
}

}  // namespace vlae
