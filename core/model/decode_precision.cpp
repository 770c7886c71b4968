#include "core/model/decode_precision.h"

#include <atomic>

#include "core/common/cpu_features.h"
#include "core/common/error.h"

namespace vlae {

bool cpu_has_avx512_bf16() { return kernels_may_use_avx512_bf16(); }

namespace {
std::atomic<int> g_default_precision{-1};  // -1: not set, resolve "auto"
}

DecodePrecision default_decode_precision() {
  const int p = g_default_precision.load();
  return p < 0 ? parse_decode_precision("auto") : DecodePrecision(p);
}

void set_default_decode_precision(DecodePrecision p) { g_default_precision = int(p); }

DecodePrecision parse_decode_precision(const std::string& name) {
  if (name == "auto") return cpu_has_avx512_bf16() ? DecodePrecision::BFloat16 : DecodePrecision::Float32;
  if (name == "module") return DecodePrecision::Module;
  if (name == "fp32") return DecodePrecision::Float32;
  if (name == "bf16") return DecodePrecision::BFloat16;
  throw usage_error("--decode-precision must be auto, module, fp32 or bf16, not '" + name + "'");
}

std::string to_string(DecodePrecision p) {
  switch (p) {
    case DecodePrecision::Module:
      return "module";
    case DecodePrecision::Float32:
      return "fp32";
    case DecodePrecision::BFloat16:
      return "bf16";
  }
  return "?";
}

}  // namespace vlae
