#pragma once
// Threads for the calling thread's tensor work: LibTorch's intra-op pool and OpenBLAS, which
// runs Debian LibTorch's fp32 GEMMs on a pool of its own that at::set_num_threads leaves alone
// (a `--threads 1` trainer otherwise multiplied on every core). OpenBLAS's count is process-wide:
// the last caller wins, so callers that share a process ask for the same count.
namespace vlae {

void set_compute_threads(int threads);

// LibTorch's intra-op pool of the calling thread only, leaving OpenBLAS's process-wide count as
// it is: for a thread whose work runs on oneDNN (the bf16 decoder) beside a trainer using OpenBLAS.
void set_intra_op_threads(int threads);

// How the loaded BLAS runs its threads: "openmp" (sharing LibTorch's pool), "pthreads" (a pool of
// its own), "sequential", or "unknown" (not OpenBLAS).
const char* blas_threading();

// Puts the calling thread (and the OpenMP workers it starts later) at nice 10, so the UI and the
// decoder never wait behind a training step for a core. Linux nice values are per thread.
void yield_cores_to_interactive_work();

// The machine's cores (at least 1).
int machine_cores();

}  // namespace vlae
