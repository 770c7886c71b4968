#pragma once
// A cache of large CPU tensor buffers, installed as LibTorch's CPU allocator. On this machine a
// page the kernel hands out costs ~18 us to fault in: a fresh 64 MB buffer takes 290 ms to fill, a
// reused one 3 ms. glibc returns every block above 32 MB to the kernel when it is freed, and a
// training step frees and reallocates the same tensors every step, so the celeba preset's bf16
// step spent most of its time in page faults. Freed blocks of 1 MiB and more are kept here, by
// size, for the next request of that size; new ones are mapped with transparent huge pages asked
// for (one fault per 2 MiB instead of per 4 KiB where the kernel grants them).
#include <cstddef>
#include <cstdint>

namespace vlae {

struct TensorMemoryCacheStats {
  int64_t reused = 0;       // large requests served from the cache
  int64_t mapped = 0;       // large requests that mapped a new block
  size_t cached_bytes = 0;  // free blocks held for reuse
  size_t live_bytes = 0;    // large blocks in use by tensors
};

// Makes the cache LibTorch's CPU allocator for tensors created from now on. Idempotent; safe from
// any thread.
void install_tensor_memory_cache();
bool tensor_memory_cache_installed();
TensorMemoryCacheStats tensor_memory_cache_stats();
// Hands every free cached block back to the kernel (blocks in use stay). A training session
// does so whenever its training pauses, stops or fails.
void release_cached_tensor_memory();

// Block size a request of `bytes` (at least 1 MiB) is served with: quarter steps between powers of
// two (at most 25% over), so the slightly different sizes of one layer share blocks; from 32 MiB
// on, whole huge pages. Exposed for the tests.
size_t tensor_cache_block_size(size_t bytes);

}  // namespace vlae
