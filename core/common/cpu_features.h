#pragma once
// What this CPU can run, read from CPUID (no libc needed: the start-up hook calls it before libc
// is initialised), and the widest instruction set our own kernels may use.
namespace vlae {

struct CpuFeatures {
  bool intel = false, amd = false;
  bool avx2 = false, fma = false;  // with the OS saving the YMM state
  bool avx512 = false;             // F, CD, BW, DQ, VL, with the OS saving the ZMM state
  bool avx512_bf16 = false;
};
CpuFeatures read_cpu_features();

// The instruction sets our hand-written kernels choose between (the AVX-512 BF16 one-image GEMV,
// the fused Adam update's clones).
enum class KernelIsa { Baseline, Avx2, Avx512 };

// The CPU's own instruction set, capped by `cap` (VLAE_CPU_ISA's value: avx2, avx512, baseline;
// null or empty for none). An unknown name caps nothing and sets *bad. Needs no libc: the start-up
// hook calls it before libc is initialised.
KernelIsa capped_kernel_isa(const CpuFeatures& cpu, const char* cap, bool* bad = nullptr);

// The CPU's own, capped by VLAE_CPU_ISA (avx2 | avx512 | baseline), which is read once: a switch to
// run this machine as one without AVX-512 would (`scripts/test --other-cpu`). An unknown value
// leaves the CPU's own; vlae_cpu_isa_setting_error() names it.
KernelIsa kernel_isa();
// Whether our AVX-512 BF16 kernels may run: the CPU has them and VLAE_CPU_ISA allows AVX-512.
bool kernels_may_use_avx512_bf16();
// The problem with VLAE_CPU_ISA in one line, or empty when it is unset or valid.
const char* vlae_cpu_isa_setting_error();

}  // namespace vlae
