#pragma once
// Which of OpenBLAS's kernel sets runs the fp32 matrix products, and which one this CPU wants.
#include <string>

#include "core/common/cpu_features.h"

namespace vlae {

// Set by the start-up hook (startup_environment.h) beside OPENBLAS_CORETYPE when it made the choice.
inline constexpr const char* kBlasCorePickedVariable = "VLAE_BLAS_CORE_PICKED";

// OpenBLAS's name for the kernels this CPU runs best, or nullptr for none better than its own
// detection: AVX-512 -> SkylakeX, AVX2 + FMA -> Zen on AMD, Haswell elsewhere. (OpenBLAS 0.3.21
// cannot be told "Cooperlake", its AVX-512 BF16 set: it answers "Core not found" and detects
// again. Its sgemm is no faster: 238-246 against 242-249 GFLOP/s on one core of an AVX-512 BF16
// CPU, docs/performance.md.)
// `isa` is the instruction set our kernels may use (capped_kernel_isa): VLAE_CPU_ISA=avx2 keeps
// AVX-512 kernels out here too, baseline leaves OpenBLAS to itself.
// Needs no libc: the start-up hook calls it before libc is initialised.
const char* openblas_core_for(const CpuFeatures& cpu, KernelIsa isa);

// OpenBLAS's own name for the kernels in use ("Haswell", "Prescott", ...), or "unknown" when the
// BLAS loaded is not OpenBLAS.
std::string blas_core();

// Whether OpenBLAS's kernels NAME use AVX2 or wider; false for its generic SSE/AVX1 sets.
bool blas_core_uses_avx2(const std::string& name);

// The one line a program prints at start about its BLAS kernels, or empty: which kernels it
// picked, or a warning when generic kernels run on a CPU with AVX2.
std::string blas_core_notice();

}  // namespace vlae
