#include "core/common/tensor_memory_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>
#include <sys/mman.h>

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace vlae {
namespace {

constexpr size_t kMinCachedBytes = size_t(1) << 20;  // smaller blocks stay on glibc's heap, which keeps them
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kMaxCachedBytes = size_t(1) << 30;  // free bytes kept; beyond this, blocks go back

void* map_block(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  if (size >= kHugePage) madvise(p, size, MADV_HUGEPAGE);  // a hint: refused where THP is off
  return p;
}

class TensorMemoryCache final : public c10::Allocator {
 public:
  c10::DataPtr allocate(size_t n) const override {
    if (n < kMinCachedBytes) {
      void* p = c10::alloc_cpu(n);
      return {p, p, &c10::free_cpu, c10::Device(c10::DeviceType::CPU)};
    }
    void* p = take(tensor_cache_block_size(n));
    return {p, p, &release_large, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DeleterFnPtr raw_deleter() const override { return &release_any; }

  TensorMemoryCacheStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  void release_free_blocks() const {
    std::unordered_map<size_t, std::vector<void*>> released;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      released.swap(free_);
      stats_.cached_bytes = 0;
    }
    // Unmapped outside the lock: a decode allocating meanwhile does not wait for the kernel.
    for (auto& [size, blocks] : released)
      for (void* p : blocks) munmap(p, size);
  }

  // Returns true when p was a large block of ours.
  bool give_back(void* p) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = live_.find(p);
    if (it == live_.end()) return false;
    const size_t size = it->second;
    live_.erase(it);
    stats_.live_bytes -= size;
    if (stats_.cached_bytes + size <= kMaxCachedBytes) {
      free_[size].push_back(p);
      stats_.cached_bytes += size;
    } else {
      munmap(p, size);
    }
    return true;
  }

 private:
  void* take(size_t size) const {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        stats_.cached_bytes -= size;
        ++stats_.reused;
        return note_live(p, size);
      }
    }
    void* p = map_block(size);
    if (!p) {  // the cache's free blocks may be what stands in the way
      release_free_blocks();
      p = map_block(size);
    }
    TORCH_CHECK(p, "not enough memory for a tensor of ", size, " bytes");
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.mapped;
    return note_live(p, size);
  }

  void* note_live(void* p, size_t size) const {
    live_.emplace(p, size);
    stats_.live_bytes += size;
    return p;
  }

  static void release_large(void* p);
  static void release_any(void* p);

  mutable std::mutex mutex_;
  mutable std::unordered_map<size_t, std::vector<void*>> free_;
  mutable std::unordered_map<void*, size_t> live_;
  mutable TensorMemoryCacheStats stats_;
};

// Never destroyed: tensors may outlive static destruction order.
std::atomic<TensorMemoryCache*> g_cache{nullptr};
std::once_flag g_install_once;

void TensorMemoryCache::release_large(void* p) { g_cache.load()->give_back(p); }
void TensorMemoryCache::release_any(void* p) {
  if (!g_cache.load()->give_back(p)) c10::free_cpu(p);
}

}  // namespace

size_t tensor_cache_block_size(size_t bytes) {
  size_t power = 1;
  while (power <= bytes / 2) power *= 2;
  const size_t step = power / 4;
  size_t size = (bytes + step - 1) / step * step;
  if (size >= 16 * kHugePage) size = (size + kHugePage - 1) / kHugePage * kHugePage;
  return size;
}

void install_tensor_memory_cache() {
  std::call_once(g_install_once, [] {
    auto* cache = new TensorMemoryCache();
    g_cache.store(cache);
    // Above the default allocator's priority 0, so LibTorch's own registration cannot undo it.
    c10::SetCPUAllocator(cache, 1);
  });
}

bool tensor_memory_cache_installed() {
  TensorMemoryCache* cache = g_cache.load();
  return cache != nullptr && c10::GetCPUAllocator() == cache;
}

TensorMemoryCacheStats tensor_memory_cache_stats() {
  TensorMemoryCache* cache = g_cache.load();
  return cache ? cache->stats() : TensorMemoryCacheStats{};
}

void release_cached_tensor_memory() {
  if (TensorMemoryCache* cache = g_cache.load()) cache->release_free_blocks();
}

}  // namespace vlae
