#include "core/common/compute_threads.h"

#include <dlfcn.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include <ATen/Parallel.h>

namespace vlae {

void set_compute_threads(int threads) {
  threads = std::max(1, threads);
  at::set_num_threads(threads);
  // Looked up at run time: a LibTorch on another BLAS (MKL, a CUDA build) simply has no such symbol.
  using SetThreads = void (*)(int);
  static const auto openblas_set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (openblas_set) openblas_set(threads);
}

void set_intra_op_threads(int threads) { at::set_num_threads(std::max(1, threads)); }

const char* blas_threading() {
  using GetParallel = int (*)();
  static const auto get_parallel = reinterpret_cast<GetParallel>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
  if (!get_parallel) return "unknown";
  switch (get_parallel()) {
    case 0:
      return "sequential";
    case 1:
      return "pthreads";
    case 2:
      return "openmp";
    default:
      return "unknown";
  }
}

bool yield_cores_to_interactive_work(CpuShare share) {
  if (share == CpuShare::IdleOnly) {
    // SCHED_IDLE is one-way for an unprivileged thread (going back needs RLIMIT_NICE room), and
    // needs no privilege to enter. Where it is refused (a seccomp filter), nice 10 still applies.
    sched_param param{};
    if (sched_setscheduler(0, SCHED_IDLE, &param) == 0) return true;
  }
  return setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10) == 0;
}

bool runs_on_idle_time_only() { return sched_getscheduler(0) == SCHED_IDLE; }

int machine_cores() { return int(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace vlae
