#include "core/common/cpu_features.h"

#include <cpuid.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace vlae {
namespace {
bool bit(unsigned reg, int b) { return (reg >> b) & 1u; }

unsigned long long xcr0() {
  unsigned eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<unsigned long long>(edx) << 32) | eax;
}

}  // namespace

KernelIsa capped_kernel_isa(const CpuFeatures& cpu, const char* cap, bool* bad) {
  if (bad != nullptr) *bad = false;
  const KernelIsa own = cpu.avx512 ? KernelIsa::Avx512 : (cpu.avx2 && cpu.fma) ? KernelIsa::Avx2 : KernelIsa::Baseline;
  if (cap == nullptr || *cap == '\0') return own;
  KernelIsa limit;
  if (std::strcmp(cap, "baseline") == 0) {
    limit = KernelIsa::Baseline;
  } else if (std::strcmp(cap, "avx2") == 0) {
    limit = KernelIsa::Avx2;
  } else if (std::strcmp(cap, "avx512") == 0) {
    limit = KernelIsa::Avx512;
  } else {
    if (bad != nullptr) *bad = true;
    return own;
  }
  return int(limit) < int(own) ? limit : own;
}

CpuFeatures read_cpu_features() {
  CpuFeatures f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return f;
  const unsigned max_leaf = eax;
  // The vendor string sits in EBX, EDX, ECX: "GenuineIntel" / "AuthenticAMD".
  f.intel = ebx == 0x756e6547u && edx == 0x49656e69u && ecx == 0x6c65746eu;
  f.amd = ebx == 0x68747541u && edx == 0x69746e65u && ecx == 0x444d4163u;
  __get_cpuid(1, &eax, &ebx, &ecx, &edx);
  const bool os_saves_avx = bit(ecx, 27) && bit(ecx, 28) && (xcr0() & 0x6) == 0x6;  // OSXSAVE, AVX; XMM+YMM
  if (!os_saves_avx || max_leaf < 7) return f;
  const bool fma = bit(ecx, 12);
  const bool os_saves_zmm = (xcr0() & 0xe6) == 0xe6;  // opmask, ZMM upper halves, ZMM16-31
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  f.fma = fma;
  f.avx2 = bit(ebx, 5);
  f.avx512 = os_saves_zmm && bit(ebx, 16) && bit(ebx, 17) && bit(ebx, 28) && bit(ebx, 30) && bit(ebx, 31);
  unsigned eax1 = 0, ebx1 = 0, ecx1 = 0, edx1 = 0;
  __cpuid_count(7, 1, eax1, ebx1, ecx1, edx1);
  f.avx512_bf16 = f.avx512 && bit(eax1, 5);
  return f;
}

KernelIsa kernel_isa() {
  static const KernelIsa isa = capped_kernel_isa(read_cpu_features(), std::getenv("VLAE_CPU_ISA"));
  return isa;
}

bool kernels_may_use_avx512_bf16() {
  static const bool may = kernel_isa() == KernelIsa::Avx512 && read_cpu_features().avx512_bf16;
  return may;
}

const char* vlae_cpu_isa_setting_error() {
  static const std::string error = [] {
    bool bad = false;
    capped_kernel_isa(read_cpu_features(), std::getenv("VLAE_CPU_ISA"), &bad);
    return bad ? "VLAE_CPU_ISA must be avx2, avx512 or baseline, not '" + std::string(std::getenv("VLAE_CPU_ISA")) + "'"
               : std::string();
  }();
  return error.c_str();
}

}  // namespace vlae
