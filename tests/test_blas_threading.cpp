// The BLAS our programs load: OpenBLAS's OpenMP build wherever it is installed (the build adds an
// RPATH to it), so its GEMMs share LibTorch's OpenMP threads instead of spinning a pool of their own.
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <string>

#include "core/common/compute_threads.h"

TEST_CASE("GEMMs run on OpenBLAS's OpenMP build when it is installed") {
  // Any GEMM makes LibTorch load and initialise its BLAS.
  const torch::Tensor a = torch::ones({64, 64});
  CHECK(a.mm(a)[0][0].item<float>() == doctest::Approx(64.0f));
#ifdef VLAE_EXPECT_OPENMP_BLAS
  CHECK(std::string(vlae::blas_threading()) == "openmp");
#else
  MESSAGE("OpenBLAS's OpenMP build is not installed: the system's BLAS is " << vlae::blas_threading());
#endif
}

TEST_CASE("the thread count given to the trainer reaches the BLAS and comes back") {
  vlae::set_compute_threads(1);
  const torch::Tensor a = torch::randn({256, 256});
  const torch::Tensor one_thread = a.mm(a);
  vlae::set_compute_threads(2);
  CHECK(torch::allclose(a.mm(a), one_thread, 1e-4, 1e-4));
  vlae::set_compute_threads(1);
}
