// The BLAS kernels the programs pick (core/common/blas_core.h) compute what a plain reference
// does, on shapes and transposes that reach the kernels' edge cases.
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/common/blas_core.h"
#include "core/common/cpu_features.h"

namespace {
// max over entries of |c - reference| / (the rounding bound of a K-term fp32 dot product): above
// 1 the BLAS computed something else than the product.
double worst_error_over_bound(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& c) {
  const auto ad = a.to(torch::kFloat64), bd = b.to(torch::kFloat64);
  const auto reference = ad.mm(bd);
  const auto magnitude = ad.abs().mm(bd.abs());
  const double k = double(a.size(1));
  // Each of K products and sums rounds once, and blocked kernels split the sum: a generous 2K ulps.
  const auto bound = magnitude * (2.0 * k * std::ldexp(1.0, -24)) + 1e-30;
  return ((c.to(torch::kFloat64) - reference).abs() / bound).max().item<double>();
}
}  // namespace

TEST_CASE("the BLAS kernels in use multiply like a plain reference, on odd shapes and transposes") {
  torch::manual_seed(7);
  MESSAGE("BLAS kernels: " << vlae::blas_core());
  const int shapes[][3] = {{1, 1, 1},      {1, 1000, 3}, {37, 53, 29}, {64, 64, 64},
                           {129, 17, 255}, {5, 2049, 7}, {300, 31, 1}};
  for (const auto& s : shapes) {
    const int64_t m = s[0], k = s[1], n = s[2];
    const torch::Tensor a = torch::randn({m, k}), b = torch::randn({k, n});
    // Plain, A transposed, B transposed, both: each reaches sgemm with other trans flags.
    const torch::Tensor at = a.t().contiguous(), bt = b.t().contiguous();
    for (const auto& [name, c] : {std::pair<const char*, torch::Tensor>{"NN", a.mm(b)},
                                  {"TN", at.t().mm(b)},
                                  {"NT", a.mm(bt.t())},
                                  {"TT", at.t().mm(bt.t())}}) {
      CAPTURE(m);
      CAPTURE(k);
      CAPTURE(n);
      CAPTURE(name);
      CHECK(worst_error_over_bound(a, b, c) <= 1.0);
    }
    // C = beta C + alpha A B: the accumulate path of the kernels.
    const torch::Tensor c0 = torch::randn({m, n});
    const torch::Tensor c = torch::addmm(c0, a, b, /*beta=*/0.5, /*alpha=*/2.0);
    const torch::Tensor expected =
        (c0.to(torch::kFloat64) * 0.5 + a.to(torch::kFloat64).mm(b.to(torch::kFloat64)) * 2.0);
    CHECK(((c.to(torch::kFloat64) - expected).abs().max().item<double>()) <=
          (a.abs().to(torch::kFloat64).mm(b.abs().to(torch::kFloat64)).max().item<double>() * 4.0 * double(k) *
               std::ldexp(1.0, -24) +
           1e-5));
  }
}

TEST_CASE("a program started without OPENBLAS_CORETYPE runs the kernels picked for its CPU") {
  // Set by CTest's blas_kernels_* entries, which start this program without OPENBLAS_CORETYPE.
  if (std::getenv("VLAE_TEST_EXPECT_PICKED") == nullptr) return;
  const vlae::CpuFeatures cpu = vlae::read_cpu_features();
  const char* wanted = vlae::openblas_core_for(cpu, vlae::capped_kernel_isa(cpu, std::getenv("VLAE_CPU_ISA")));
  const char* picked = std::getenv(vlae::kBlasCorePickedVariable);
  MESSAGE("CPU: avx2 " << cpu.avx2 << ", avx512 " << cpu.avx512 << ", avx512_bf16 " << cpu.avx512_bf16 << "; picked "
                       << std::string(picked ? picked : "nothing") << ", running " << vlae::blas_core());
  if (wanted == nullptr) {
    CHECK(picked == nullptr);
    return;
  }
  REQUIRE(picked != nullptr);
  CHECK(std::string(picked) == wanted);
  CHECK(vlae::blas_core() == wanted);
  CHECK(vlae::blas_core_uses_avx2(vlae::blas_core()));
  CHECK(vlae::blas_core_notice().rfind("BLAS: OpenBLAS's " + std::string(wanted), 0) == 0);
  if (std::string(std::getenv("VLAE_CPU_ISA") ? std::getenv("VLAE_CPU_ISA") : "") == "avx2")
    CHECK(vlae::blas_core().find("Skylake") == std::string::npos);
}
