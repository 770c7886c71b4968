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

// How a background trainer shares the cores with the UI and the decoder.
enum class CpuShare {
  Nice,      // nice 10: about a tenth of a core that something else wants (tests, other programs)
  IdleOnly,  // SCHED_IDLE: only time nothing else wants; a frame or a decode preempts it at once
};

// Lowers the calling thread (and the OpenMP workers it starts later; Linux priorities are per
// thread) so the UI and the decoder never wait behind a training step for a core. Irreversible
// for the thread. Returns false when the system refused.
bool yield_cores_to_interactive_work(CpuShare share = CpuShare::Nice);

// Whether the calling thread runs under SCHED_IDLE.
bool runs_on_idle_time_only();

// The machine's cores (at least 1).
int machine_cores();

}  // namespace vlae
