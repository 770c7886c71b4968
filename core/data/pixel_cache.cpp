#include "core/data/pixel_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace vlae {
namespace {

constexpr char kMagic[8] = {'V', 'L', 'A', 'E', 'P', 'I', 'X', '1'};
constexpr size_t kHeaderBytes = 64;  // keeps the pixels 64-byte aligned in the mapping

struct Header {
  char magic[8];
  uint32_t version, channels, height, width, crop, reserved;
  uint64_t count, skipped, fingerprint;
  uint8_t pad[kHeaderBytes - 8 - 6 * 4 - 3 * 8];
};
static_assert(sizeof(Header) == kHeaderBytes, "cache header is 64 bytes");

Header make_header(const PixelCacheKey& key, size_t count, size_t skipped) {
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kPixelCacheVersion;
  h.channels = uint32_t(key.channels);
  h.height = uint32_t(key.height);
  h.width = uint32_t(key.width);
  h.crop = uint32_t(key.crop);
  h.count = count;
  h.skipped = skipped;
  h.fingerprint = key.fingerprint;
  return h;
}

}  // namespace

std::optional<MappedCache> open_pixel_cache(const std::string& path, const PixelCacheKey& key) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  Header h{};
  const bool header_ok =
      ::fstat(fd, &st) == 0 && size_t(st.st_size) >= kHeaderBytes && ::pread(fd, &h, sizeof h, 0) == ssize_t(sizeof h);
  const size_t image_bytes = size_t(key.channels) * key.height * key.width;
  const Header want = make_header(key, h.count, h.skipped);
  if (!header_ok || std::memcmp(&h, &want, kHeaderBytes) != 0 || image_bytes == 0 ||
      uint64_t(st.st_size) != kHeaderBytes + h.count * image_bytes) {
    ::close(fd);
    return std::nullopt;
  }
  MappedCache out;
  out.count = size_t(h.count);
  out.skipped = size_t(h.skipped);
  void* base = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping stays valid without the descriptor
  if (base == MAP_FAILED) return std::nullopt;
  const size_t length = size_t(st.st_size);
  std::shared_ptr<const void> owner(base, [length](const void* p) { ::munmap(const_cast<void*>(p), length); });
  out.pixels = PixelStore::view(owner, static_cast<const uint8_t*>(base) + kHeaderBytes, out.count * image_bytes);
  return out;
}

PixelCacheWriter::PixelCacheWriter(const std::string& path, const PixelCacheKey& key) : key_(key), out_(path) {
  const Header placeholder{};  // written for real in finish(), once the count is known
  out_.write(&placeholder, sizeof placeholder);
}

void PixelCacheWriter::append(const uint8_t* images, size_t count) {
  out_.write(images, count * size_t(key_.channels) * key_.height * key_.width);
  count_ += count;
}

void PixelCacheWriter::finish(size_t skipped) {
  const Header h = make_header(key_, count_, skipped);
  out_.write_at(0, &h, sizeof h);
  out_.commit();
}

}  // namespace vlae
