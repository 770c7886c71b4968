#pragma once
// Threads for the calling thread's tensor work: LibTorch's intra-op pool and OpenBLAS, which
// runs Debian LibTorch's fp32 GEMMs on a pool of its own that at::set_num_threads leaves alone
// (a `--threads 1` trainer otherwise multiplied on every core). OpenBLAS's count is process-wide:
// the last caller wins, so callers that share a process ask for the same count.
namespace vlae {

void set_compute_threads(int threads);

}  // namespace vlae
