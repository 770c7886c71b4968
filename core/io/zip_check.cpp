#include "core/io/zip_check.h"

#include <zlib.h>

#include <cstdint>
#include <optional>

namespace vlae {

namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50, kZip64End = 0x06064b50, kZip64Locator = 0x07064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50, kLocalHeader = 0x04034b50;
constexpr uint32_t kStored = 0, kDeflated = 8;

// Little-endian fields read with bounds checks: a field past the end is damage, not a crash.
struct Reader {
  std::string_view b;
  bool ok(uint64_t at, uint64_t n) const { return at <= b.size() && n <= b.size() - at; }
  uint64_t le(uint64_t at, int n) const {
    uint64_t v = 0;
    for (int i = n; i-- > 0;) v = (v << 8) | uint8_t(b[size_t(at) + size_t(i)]);
    return v;
  }
};

// CRC-32 of a deflated entry, inflated in chunks; nullopt when the stream is broken or its
// length is not `size`.
std::optional<uint32_t> inflated_crc(std::string_view data, uint64_t size) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;  // raw deflate, as in ZIP
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());  // entries reaching here are under 4 GB (checked by the caller)
  unsigned char chunk[1 << 15];
  uLong crc = crc32(0, nullptr, 0);
  uint64_t total = 0;
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    const uInt got = uInt(sizeof chunk - z.avail_out);
    total += got;
    if (total > size) break;  // more than the header says: stop before inflating a bomb
    crc = crc32(crc, chunk, got);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END || total != size) return std::nullopt;
  return uint32_t(crc);
}

}  // namespace

std::string zip_damage(std::string_view bytes) {
  const Reader r{bytes};
  // The end-of-directory record sits in the last 22 + 65535 bytes (its comment may follow it).
  if (bytes.size() < 22) return "too short for a ZIP archive";
  std::optional<uint64_t> end;
  const uint64_t lowest = bytes.size() > 22 + 0xFFFF ? bytes.size() - 22 - 0xFFFF : 0;
  for (uint64_t at = bytes.size() - 22 + 1; at-- > lowest;)
    if (r.le(at, 4) == kEndOfDirectory) {
      end = at;
      break;
    }
  if (!end) return "no ZIP end-of-directory record; cut short?";
  uint64_t entries = r.le(*end + 10, 2), dir_size = r.le(*end + 12, 4), dir_at = r.le(*end + 16, 4);
  // Large archives (and LibTorch's writer, always) add ZIP64 records, whose values take precedence.
  if (*end >= 20 && r.le(*end - 20, 4) == kZip64Locator) {
    const uint64_t z64 = r.le(*end - 20 + 8, 8);
    if (!r.ok(z64, 56) || r.le(z64, 4) != kZip64End) return "broken ZIP64 end-of-directory record";
    entries = r.le(z64 + 32, 8);
    dir_size = r.le(z64 + 40, 8);
    dir_at = r.le(z64 + 48, 8);
  }
  if (!r.ok(dir_at, dir_size)) return "ZIP directory lies outside the file";

  uint64_t at = dir_at;
  for (uint64_t i = 0; i < entries; ++i) {
    if (!r.ok(at, 46) || r.le(at, 4) != kDirectoryEntry) return "broken ZIP directory entry";
    const uint64_t method = r.le(at + 10, 2), crc = r.le(at + 16, 4);
    uint64_t packed = r.le(at + 20, 4), size = r.le(at + 24, 4), local = r.le(at + 42, 4);
    const uint64_t name_len = r.le(at + 28, 2), extra_len = r.le(at + 30, 2), comment_len = r.le(at + 32, 2);
    if (!r.ok(at + 46, name_len + extra_len + comment_len)) return "broken ZIP directory entry";
    const std::string name(bytes.substr(size_t(at + 46), size_t(name_len)));
    // ZIP64 extra field (id 1): 8-byte values for whichever of the three fields are all ones.
    for (uint64_t e = at + 46 + name_len, stop = e + extra_len; e + 4 <= stop;) {
      const uint64_t id = r.le(e, 2), len = r.le(e + 2, 2);
      if (e + 4 + len > stop) return name + ": broken ZIP extra field";
      uint64_t f = e + 4;
      for (uint64_t* v : {&size, &packed, &local})
        if (id == 1 && *v == 0xFFFFFFFF) {
          if (f + 8 > e + 4 + len) return name + ": broken ZIP64 field";
          *v = r.le(f, 8);
          f += 8;
        }
      e += 4 + len;
    }
    if (!r.ok(local, 30) || r.le(local, 4) != kLocalHeader) return name + ": broken ZIP local header";
    const uint64_t data_at = local + 30 + r.le(local + 26, 2) + r.le(local + 28, 2);
    if (!r.ok(data_at, packed) || packed > 0xFFFFFFFF) return name + ": data lies outside the file";
    const std::string_view data = bytes.substr(size_t(data_at), size_t(packed));
    std::optional<uint32_t> actual;
    if (method == kStored) {
      if (packed == size)
        actual = uint32_t(crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
    } else if (method == kDeflated) {
      actual = inflated_crc(data, size);
    } else {
      return name + ": unexpected ZIP compression method " + std::to_string(method);
    }
    if (!actual || *actual != crc) return name + ": damaged (CRC-32 mismatch)";
    at += 46 + name_len + extra_len + comment_len;
  }
  return {};
}

}  // namespace vlae
