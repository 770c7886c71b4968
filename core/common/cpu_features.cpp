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

// VLAE_CPU_ISA's cap, or -1 for none; `bad` when the value is not one of the names.
int isa_cap(bool* bad) {
  *bad = false;
  const char* value = std::getenv("VLAE_CPU_ISA");
  if (value == nullptr || *value == '\0') return -1;
  if (std::strcmp(value, "baseline") == 0) return int(KernelIsa::Baseline);
  if (std::strcmp(value, "avx2") == 0) return int(KernelIsa::Avx2);
  if (std::strcmp(value, "avx512") == 0) return int(KernelIsa::Avx512);
  *bad = true;
  return -1;
}
}  // namespace

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
  static const KernelIsa isa = [] {
    const CpuFeatures f = read_cpu_features();
    const KernelIsa own = f.avx512 ? KernelIsa::Avx512 : (f.avx2 && f.fma) ? KernelIsa::Avx2 : KernelIsa::Baseline;
    bool bad = false;
    const int cap = isa_cap(&bad);
    return cap >= 0 && cap < int(own) ? KernelIsa(cap) : own;
  }();
  return isa;
}

bool kernels_may_use_avx512_bf16() {
  static const bool may = kernel_isa() == KernelIsa::Avx512 && read_cpu_features().avx512_bf16;
  return may;
}

const char* vlae_cpu_isa_setting_error() {
  static const std::string error = [] {
    bool bad = false;
    isa_cap(&bad);
    return bad ? "VLAE_CPU_ISA must be avx2, avx512 or baseline, not '" + std::string(std::getenv("VLAE_CPU_ISA")) + "'"
               : std::string();
  }();
  return error.c_str();
}

}  // namespace vlae
