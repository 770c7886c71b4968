// The tensor memory cache: LibTorch's CPU tensors of 1 MiB and more get blocks that are kept for
// reuse by size; smaller ones, and everything they hold, behave as before.
#include <doctest/doctest.h>
#include <torch/torch.h>

#include <thread>
#include <vector>

#include "core/common/tensor_memory_cache.h"

namespace {

// The celeba preset's largest training tensor: 16 M floats, 64 MiB, above glibc's mmap threshold.
constexpr int64_t kLargeElements = int64_t(16) << 20;

}  // namespace

TEST_CASE("block sizes: at most a quarter over, quarter steps, whole huge pages from 32 MiB") {
  const size_t mib = size_t(1) << 20;
  CHECK(vlae::tensor_cache_block_size(mib) == mib);
  CHECK(vlae::tensor_cache_block_size(mib + 1) == mib + mib / 4);
  CHECK(vlae::tensor_cache_block_size(3 * mib) == 3 * mib);
  CHECK(vlae::tensor_cache_block_size(64 * mib) == 64 * mib);
  for (size_t bytes : {mib, mib + 4097, 5 * mib + 12345, 33 * mib + 1, 700 * mib - 3}) {
    const size_t block = vlae::tensor_cache_block_size(bytes);
    CHECK(block >= bytes);
    CHECK(block <= bytes + bytes / 4 + (size_t(2) << 20));
    CHECK(block % 4096 == 0);
    if (block >= 32 * mib) CHECK(block % (2 * mib) == 0);
  }
}

TEST_CASE("a freed large tensor's block serves the next tensor of that size, with the new values") {
  vlae::install_tensor_memory_cache();
  REQUIRE(vlae::tensor_memory_cache_installed());
  vlae::release_cached_tensor_memory();
  const auto before = vlae::tensor_memory_cache_stats();

  const void* first_data = nullptr;
  {
    torch::Tensor a = torch::full({kLargeElements}, 3.0f);
    first_data = a.data_ptr();
    CHECK(vlae::tensor_memory_cache_stats().live_bytes >= before.live_bytes + size_t(kLargeElements) * 4);
  }
  const auto freed = vlae::tensor_memory_cache_stats();
  CHECK(freed.cached_bytes >= size_t(kLargeElements) * 4);

  // A slightly smaller tensor (a last, shorter batch) falls in the same block size.
  torch::Tensor b = torch::arange(kLargeElements - 1000, torch::kFloat32);
  CHECK(b.data_ptr() == first_data);
  CHECK(b[0].item<float>() == 0.0f);
  CHECK(b[kLargeElements - 1001].item<float>() == float(kLargeElements - 1001));
  const auto reused = vlae::tensor_memory_cache_stats();
  CHECK(reused.reused == freed.reused + 1);
  CHECK(reused.mapped == freed.mapped);
}

TEST_CASE("small tensors stay on the heap and arithmetic on cached tensors is unchanged") {
  vlae::install_tensor_memory_cache();
  const auto before = vlae::tensor_memory_cache_stats();
  torch::Tensor small = torch::ones({1000});
  CHECK(small.sum().item<float>() == 1000.0f);
  const auto after = vlae::tensor_memory_cache_stats();
  CHECK(after.mapped + after.reused == before.mapped + before.reused);

  torch::manual_seed(7);
  torch::Tensor x = torch::randn({1024, 1024});
  torch::Tensor y = torch::randn({1024, 1024});
  for (int i = 0; i < 3; ++i) {  // again and again through reused blocks
    torch::Tensor z = torch::mm(x, y);
    CHECK(torch::allclose(z, torch::mm(x.to(torch::kFloat64), y.to(torch::kFloat64)).to(torch::kFloat32), 1e-4, 1e-3));
  }
}

TEST_CASE("releasing the cache unmaps free blocks and keeps the ones in use") {
  vlae::install_tensor_memory_cache();
  torch::Tensor kept = torch::full({kLargeElements / 4}, 1.5f);
  { torch::Tensor dropped = torch::zeros({kLargeElements / 2}); }
  CHECK(vlae::tensor_memory_cache_stats().cached_bytes > 0);
  vlae::release_cached_tensor_memory();
  const auto stats = vlae::tensor_memory_cache_stats();
  CHECK(stats.cached_bytes == 0);
  CHECK(stats.live_bytes >= size_t(kLargeElements));
  CHECK(kept.sum().item<double>() == doctest::Approx(1.5 * double(kLargeElements / 4)));
}

TEST_CASE("threads allocate and free large tensors at once without losing or sharing a block") {
  vlae::install_tensor_memory_cache();
  const auto before = vlae::tensor_memory_cache_stats();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 20; ++i) {
        torch::Tensor a = torch::full({(1 << 19) + t * 1000}, float(t + i));  // 2 MiB and a bit
        if (a.max().item<float>() != float(t + i) || a.min().item<float>() != float(t + i)) ++wrong[t];
      }
    });
  for (auto& th : threads) th.join();
  for (int w : wrong) CHECK(w == 0);
  const auto after = vlae::tensor_memory_cache_stats();
  CHECK(after.live_bytes == before.live_bytes);
  CHECK(after.reused > before.reused);  // 80 requests, at most a few new blocks
  CHECK(after.mapped - before.mapped <= 8);
}
