#pragma once
// A folder's decoded images as one uint8 file next to the data, memory-mapped on later starts so
// a 200,000-image set costs disk (about 2.4 GB at 3x64x64), not RAM, and loads at once.
// Layout: a 64-byte header (magic, version, shape, crop, counts, fingerprint of the source
// listing), then count images of C*H*W bytes, NCHW. A header that does not match is stale.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/data/dataset.h"
#include "core/io/atomic_file.h"

namespace vlae {

constexpr uint32_t kPixelCacheVersion = 1;

// What the cache must have been built from and for.
struct PixelCacheKey {
  uint64_t fingerprint = 0;  // of the source listing (names, sizes, modification times)
  int channels = 0, height = 0, width = 0, crop = 0;
};

// The cached images, mapped read-only, when `path` exists and its header matches `key` and its
// size; nullopt when it is missing, stale or damaged (the caller rebuilds it).
struct MappedCache {
  PixelStore pixels;
  size_t count = 0, skipped = 0;
};
std::optional<MappedCache> open_pixel_cache(const std::string& path, const PixelCacheKey& key);

// Streams images into a new cache; the file appears under `path` only on finish().
class PixelCacheWriter {
 public:
  PixelCacheWriter(const std::string& path, const PixelCacheKey& key);
  void append(const uint8_t* images, size_t count);  // count whole images
  void finish(size_t skipped);

 private:
  PixelCacheKey key_;
  AtomicFileWriter out_;
  size_t count_ = 0;
};

}  // namespace vlae
