#pragma once
// Number format of a frozen model's decoder (snapshots only; training always runs in float32).
#include <string>

namespace vlae {

enum class DecodePrecision { Module, Float32, BFloat16 };

// "auto" | "module" | "fp32" | "bf16". auto: bf16 where the CPU has AVX-512 BF16 (2-4x faster
// GEMMs through oneDNN, half the weight bytes to stream for one image), else fused fp32. A bf16
// decoder asked for on a CPU without AVX-512 BF16 is built as fp32 (model_snapshot.cpp).
// "module" runs the unfused nn modules (the baseline the benchmark compares against).
DecodePrecision parse_decode_precision(const std::string& name);
std::string to_string(DecodePrecision p);
// Whether the CPU has AVX-512 BF16 and VLAE_CPU_ISA lets our kernels use it.
bool cpu_has_avx512_bf16();

// What new snapshots use unless told otherwise: "auto" until a command line sets it.
DecodePrecision default_decode_precision();
void set_default_decode_precision(DecodePrecision p);

}  // namespace vlae
