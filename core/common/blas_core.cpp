#include "core/common/blas_core.h"

#include <dlfcn.h>
#include <strings.h>

#include <cstdlib>
#include <cstring>

namespace vlae {

const char* openblas_core_for(const CpuFeatures& cpu, KernelIsa isa) {
  switch (isa) {
    case KernelIsa::Avx512:
      return "SkylakeX";
    case KernelIsa::Avx2:
      return cpu.amd ? "Zen" : "Haswell";
    case KernelIsa::Baseline:
      break;
  }
  return nullptr;
}

std::string blas_core() {
  // Looked up at run time: a LibTorch on another BLAS (MKL, a CUDA build) has no such symbol.
  using CoreName = char* (*)();
  static const auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (core_name == nullptr) return "unknown";
  const char* name = core_name();
  return name != nullptr && *name != '\0' ? name : "unknown";
}

bool blas_core_uses_avx2(const std::string& name) {
  for (const char* wide : {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"})
    if (strcasecmp(name.c_str(), wide) == 0) return true;
  return false;
}

std::string blas_core_notice() {
  const std::string core = blas_core();
  if (core == "unknown") return "";
  const CpuFeatures cpu = read_cpu_features();
  if (cpu.avx2 && !blas_core_uses_avx2(core)) {
    const char* set = std::getenv("OPENBLAS_CORETYPE");
    return "warning: OpenBLAS runs its generic " + core +
           " kernels on a CPU with AVX2, several times slower than it can" +
           (set != nullptr ? " (OPENBLAS_CORETYPE=" + std::string(set) + " is set; unset it to let vlae choose)" : "");
  }
  const char* picked = std::getenv(kBlasCorePickedVariable);
  if (picked == nullptr) return "";
  if (strcasecmp(picked, core.c_str()) != 0)
    return "warning: asked OpenBLAS for its " + std::string(picked) + " kernels, it runs " + core;
  return "BLAS: OpenBLAS's " + core + " kernels, picked from this CPU's features (OPENBLAS_CORETYPE overrides)";
}

}  // namespace vlae
