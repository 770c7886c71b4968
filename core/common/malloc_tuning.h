#pragma once
// glibc hands every freed block above its mmap threshold straight back to the kernel and trims the
// heap's top, so a training step, which frees and reallocates the same large tensors every step,
// paid page faults for all of them again each time. Measured with `vlae bench` (mnist, batch 100,
// 2 threads): LibTorch's Adam took 250 ms per step instead of 27, sgemm reached 107 GFLOP/s
// instead of 176, fp32 training 158 images/s instead of 316. Freed memory is kept for reuse
// instead, at the cost of a higher resident peak (1.12 -> 1.33 GB in the same benchmark), and
// large tensors go through the tensor memory cache (tensor_memory_cache.h).
namespace vlae {

// Call first thing in main(), before any large allocation. A no-op where malloc is not glibc's
// (sanitizer runtimes bring their own).
void keep_freed_memory_for_reuse();

}  // namespace vlae
