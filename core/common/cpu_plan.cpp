#include "core/common/cpu_plan.h"

#include <algorithm>

#include <ATen/Parallel.h>

namespace vlae {

CpuPlan interactive_cpu_plan(int cores) {
  CpuPlan plan;
  cores = std::max(1, cores);
  plan.trainer_threads = std::max(1, cores - 1);
  plan.trainer_share = CpuShare::IdleOnly;
  plan.decode_threads_idle = cores;
  plan.decode_threads_training = 1;
  return plan;
}

CpuPlan batch_cpu_plan(int threads) {
  CpuPlan plan;
  const int n = threads > 0 ? threads : 0;
  plan.trainer_threads = n;
  plan.decode_threads_idle = n;
  plan.decode_threads_training = n;
  return plan;
}

void apply_batch_cpu_plan(const CpuPlan& plan) {
  static const bool interop_set = [] {
    at::set_num_interop_threads(1);  // once per process: LibTorch refuses a second call
    return true;
  }();
  (void)interop_set;
  if (plan.trainer_threads > 0) set_compute_threads(plan.trainer_threads);
}

}  // namespace vlae
