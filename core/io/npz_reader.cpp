#include "core/io/npz_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "core/common/error.h"

namespace vlae {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50, kZip64End = 0x06064b50, kZip64Locator = 0x07064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50, kLocalHeader = 0x04034b50;
constexpr uint32_t kStored = 0, kDeflated = 8;
constexpr uint32_t kSaturated32 = 0xFFFFFFFF;
constexpr uint64_t kMaxHeaderBytes = 1 << 20;     // real .npy headers take about 128 bytes
constexpr uint64_t kMaxDirectoryBytes = 1 << 26;  // a .npz holds a handful of arrays
constexpr uint64_t kDeflateMaxRatio = 1032;       // deflate cannot expand data further than this
constexpr size_t kChunk = size_t(1) << 20;

uint64_t le(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

// Random access to an archive's bytes, from a file or from memory. Errors name the archive.
class Source {
 public:
  explicit Source(std::string label) : label_(std::move(label)) {}
  virtual ~Source() = default;
  const std::string& label() const { return label_; }
  virtual uint64_t size() const = 0;
  [[noreturn]] void fail(const std::string& problem) const { throw Error(label_ + ": " + problem); }

  // n bytes at `at`, which the archive must hold; `what` names them in the error otherwise.
  void read(uint64_t at, uint8_t* dst, uint64_t n, const char* what) const {
    if (at > size() || n > size() - at)
      fail(std::string(what) + " lies past the end of the file (" + std::to_string(size()) + " bytes): truncated?");
    read_unchecked(at, dst, n);
  }
  std::vector<uint8_t> bytes(uint64_t at, uint64_t n, const char* what) const {
    if (at > size() || n > size() - at)
      fail(std::string(what) + " lies past the end of the file (" + std::to_string(size()) + " bytes): truncated?");
    std::vector<uint8_t> out(n);
    read_unchecked(at, out.data(), n);
    return out;
  }

 protected:
  virtual void read_unchecked(uint64_t at, uint8_t* dst, uint64_t n) const = 0;

 private:
  std::string label_;
};

class FileSource : public Source {
 public:
  explicit FileSource(const std::string& path) : Source(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot open " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
      const int e = errno;
      ::close(fd_);
      throw Error("cannot read " + path + ": " + std::strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd_);
      throw Error("cannot read " + path + ": it is a folder, expected a .npz file");
    }
    size_ = uint64_t(st.st_size);
  }
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }

 protected:
  void read_unchecked(uint64_t at, uint8_t* dst, uint64_t n) const override {
    while (n > 0) {
      const ssize_t got = ::pread(fd_, dst, size_t(std::min<uint64_t>(n, 1 << 30)), off_t(at));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) fail(std::string("read failed: ") + std::strerror(errno));
      if (got == 0) fail("the file ended early (was it changed while being read?)");
      dst += got;
      at += uint64_t(got);
      n -= uint64_t(got);
    }
  }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

class MemorySource : public Source {
 public:
  MemorySource(std::string_view bytes, const std::string& label) : Source(label), bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }

 protected:
  void read_unchecked(uint64_t at, uint8_t* dst, uint64_t n) const override {
    if (n) std::memcpy(dst, bytes_.data() + at, n);
  }

 private:
  std::string_view bytes_;
};

struct Entry {
  std::string name;
  uint32_t flags = 0, method = 0, crc = 0;
  uint64_t compressed = 0, size = 0, offset = 0;
};

std::vector<Entry> read_directory(const Source& src) {
  const uint64_t size = src.size();
  if (size < 22) src.fail("too short for a .npz archive (" + std::to_string(size) + " bytes)");
  // The end-of-directory record sits in the last 22 + 65535 bytes (a comment may follow it).
  const uint64_t tail_n = std::min<uint64_t>(size, 22 + 0xFFFF);
  const std::vector<uint8_t> tail = src.bytes(size - tail_n, tail_n, "the end of the archive");
  uint64_t found = tail_n;
  for (uint64_t i = tail_n - 22 + 1; i-- > 0;)
    if (le(&tail[i], 4) == kEndOfDirectory && i + 22 + le(&tail[i + 20], 2) <= tail_n) {
      found = i;
      break;
    }
  if (found == tail_n) src.fail("not a .npz archive (no ZIP end-of-directory record)");
  const uint8_t* end = &tail[found];
  const uint64_t end_at = size - tail_n + found;
  uint64_t disk = le(end + 4, 2), directory_disk = le(end + 6, 2), on_disk = le(end + 8, 2), entries = le(end + 10, 2);
  uint64_t directory_size = le(end + 12, 4), directory_at = le(end + 16, 4), directory_end = end_at;
  if (entries == 0xFFFF || directory_size == kSaturated32 || directory_at == kSaturated32) {
    if (end_at < 20) src.fail("ZIP64 archive without its ZIP64 locator");
    const std::vector<uint8_t> locator = src.bytes(end_at - 20, 20, "the ZIP64 locator");
    if (le(locator.data(), 4) != kZip64Locator) src.fail("ZIP64 archive without its ZIP64 locator");
    const uint64_t record_at = le(locator.data() + 8, 8);
    if (record_at > end_at - 20 || end_at - 20 - record_at < 56) src.fail("the ZIP64 end record is out of place");
    const std::vector<uint8_t> record = src.bytes(record_at, 56, "the ZIP64 end record");
    if (le(record.data(), 4) != kZip64End) src.fail("the ZIP64 end record is missing");
    disk = le(&record[16], 4);
    directory_disk = le(&record[20], 4);
    on_disk = le(&record[24], 8);
    entries = le(&record[32], 8);
    directory_size = le(&record[40], 8);
    directory_at = le(&record[48], 8);
    directory_end = record_at;
  }
  if (disk != 0 || directory_disk != 0 || on_disk != entries)
    src.fail("archives split over several disks are not supported");
  if (directory_at > directory_end || directory_size > directory_end - directory_at)
    src.fail("the ZIP central directory lies outside the file");
  if (directory_size > kMaxDirectoryBytes || entries > directory_size / 46)
    src.fail("the ZIP central directory claims " + std::to_string(entries) + " entries in " +
             std::to_string(directory_size) + " bytes");
  const std::vector<uint8_t> dir = src.bytes(directory_at, directory_size, "the ZIP central directory");

  std::vector<Entry> out;
  uint64_t at = 0;
  for (uint64_t n = 0; n < entries; ++n) {
    const std::string which = "ZIP directory entry " + std::to_string(n);
    if (directory_size - at < 46 || le(&dir[at], 4) != kDirectoryEntry) src.fail(which + " is damaged");
    const uint8_t* p = &dir[at];
    Entry e;
    e.flags = uint32_t(le(p + 8, 2));
    e.method = uint32_t(le(p + 10, 2));
    e.crc = uint32_t(le(p + 16, 4));
    e.compressed = le(p + 20, 4);
    e.size = le(p + 24, 4);
    const uint64_t name_n = le(p + 28, 2), extra_n = le(p + 30, 2), comment_n = le(p + 32, 2);
    const uint64_t start_disk = le(p + 34, 2);
    e.offset = le(p + 42, 4);
    if (directory_size - at - 46 < name_n + extra_n + comment_n) src.fail(which + " runs past the directory");
    e.name.assign(reinterpret_cast<const char*>(p + 46), name_n);
    // The ZIP64 extra field holds, in this order, whichever of the three values are saturated.
    const bool need[3] = {e.size == kSaturated32, e.compressed == kSaturated32, e.offset == kSaturated32};
    uint64_t* value[3] = {&e.size, &e.compressed, &e.offset};
    bool have64 = false;
    for (uint64_t x = 0; x + 4 <= extra_n;) {
      const uint8_t* f = p + 46 + name_n + x;
      const uint64_t id = le(f, 2), len = le(f + 2, 2);
      if (len > extra_n - x - 4) src.fail("member '" + e.name + "' has a damaged extra field");
      if (id == 1) {
        uint64_t used = 0;
        for (int k = 0; k < 3; ++k)
          if (need[k]) {
            if (len - used < 8) src.fail("member '" + e.name + "' has a short ZIP64 extra field");
            *value[k] = le(f + 4 + used, 8);
            used += 8;
          }
        have64 = true;
      }
      x += 4 + len;
    }
    if ((need[0] || need[1] || need[2]) && !have64) src.fail("member '" + e.name + "' lacks its ZIP64 extra field");
    if (start_disk != 0 && start_disk != 0xFFFF) src.fail("archives split over several disks are not supported");
    out.push_back(std::move(e));
    at += 46 + name_n + extra_n + comment_n;
  }
  return out;
}

// One member's uncompressed bytes, in order, with its CRC-32 checked at the end.
class MemberStream {
 public:
  MemberStream(const Source& src, const Entry& e) : src_(src), e_(e) {
    what_ = "member '" + e.name + "'";
    if (e.flags & 1) fail("is encrypted");
    if (e.method != kStored && e.method != kDeflated)
      fail("uses compression method " + std::to_string(e.method) + "; only stored (0) and deflate (8) can be read");
    const std::vector<uint8_t> local = src.bytes(e.offset, 30, "a member's local header");
    if (le(local.data(), 4) != kLocalHeader) fail("has no local header where the directory says");
    data_at_ = e.offset + 30 + le(&local[26], 2) + le(&local[28], 2);
    if (data_at_ > src.size() || e.compressed > src.size() - data_at_)
      fail("runs past the end of the file (" + std::to_string(src.size()) + " bytes): truncated?");
    if (e.method == kStored && e.compressed != e.size)
      fail("is stored uncompressed but its sizes differ (" + std::to_string(e.compressed) + " and " +
           std::to_string(e.size) + " bytes)");
    if (e.method == kDeflated && e.size / kDeflateMaxRatio > e.compressed + 1)
      fail("claims " + std::to_string(e.size) + " bytes from " + std::to_string(e.compressed) +
           " compressed, more than deflate can produce");
    if (e.method == kDeflated) {
      if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) fail("cannot start zlib's inflate (out of memory?)");
      inflating_ = true;
      in_.resize(size_t(std::min<uint64_t>(kChunk, std::max<uint64_t>(e.compressed, 1))));
    }
    crc_ = crc32(0, nullptr, 0);
  }
  ~MemberStream() {
    if (inflating_) inflateEnd(&z_);
  }
  MemberStream(const MemberStream&) = delete;
  MemberStream& operator=(const MemberStream&) = delete;

  const std::string& what() const { return what_; }
  uint64_t size() const { return e_.size; }
  [[noreturn]] void fail(const std::string& problem) const { src_.fail(what_ + " " + problem); }

  // Exactly n bytes, which the member must still hold.
  void read(uint8_t* dst, uint64_t n) {
    if (n > e_.size - out_) fail("is shorter than its contents need");
    if (e_.method == kStored) {
      src_.read(data_at_ + out_, dst, n, "a member's data");
      update_crc(dst, n);
      out_ += n;
      return;
    }
    while (n > 0) {
      refill();
      const uInt want = uInt(std::min<uint64_t>(n, 1u << 30));
      z_.next_out = dst;
      z_.avail_out = want;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      const uInt got = want - z_.avail_out;
      update_crc(dst, got);
      dst += got;
      n -= got;
      out_ += got;
      if (rc == Z_STREAM_END) {
        ended_ = true;
        if (n > 0)
          fail("ends after " + std::to_string(out_) + " bytes, before the " + std::to_string(e_.size) +
               " its directory entry declares");
        break;
      }
      check(rc);
    }
  }

  // Everything was read: the data must end here and match its CRC-32.
  void finish() {
    if (out_ != e_.size) fail("was not read to its end");
    if (e_.method == kDeflated)
      while (!ended_) {
        refill();
        uint8_t scratch[64];
        z_.next_out = scratch;
        z_.avail_out = sizeof scratch;
        const int rc = inflate(&z_, Z_NO_FLUSH);
        if (z_.avail_out != sizeof scratch) fail("holds more data than its directory entry declares");
        if (rc == Z_STREAM_END) break;
        check(rc);
      }
    if (uint32_t(crc_) != e_.crc) fail("fails its CRC-32 check: the archive is damaged");
  }

 private:
  void refill() {
    if (z_.avail_in > 0 || in_pos_ == e_.compressed) return;
    const uint64_t m = std::min<uint64_t>(in_.size(), e_.compressed - in_pos_);
    src_.read(data_at_ + in_pos_, in_.data(), m, "a member's data");
    in_pos_ += m;
    z_.next_in = in_.data();
    z_.avail_in = uInt(m);
  }
  void check(int rc) {
    if (rc == Z_OK) return;
    if (rc == Z_BUF_ERROR && z_.avail_in == 0 && in_pos_ == e_.compressed)
      fail("is cut short (truncated deflate data)");
    if (rc == Z_BUF_ERROR) return;  // no progress this round; more input comes with the next refill
    fail(std::string("holds damaged deflate data (") + (z_.msg ? z_.msg : "zlib error " + std::to_string(rc)) + ")");
  }
  void update_crc(const uint8_t* p, uint64_t n) {
    while (n > 0) {
      const uInt m = uInt(std::min<uint64_t>(n, 1u << 30));
      crc_ = crc32(crc_, p, m);
      p += m;
      n -= m;
    }
  }

  const Source& src_;
  const Entry& e_;
  std::string what_;
  uint64_t data_at_ = 0, in_pos_ = 0, out_ = 0;
  z_stream z_{};
  bool inflating_ = false, ended_ = false;
  std::vector<uint8_t> in_;
  uLong crc_ = 0;
};

// The Python-literal dict of a .npy header: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
 public:
  HeaderParser(std::string_view text, std::string what) : s_(text), what_(std::move(what)) {}

  void parse(NpyArray& a) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (!eat('}')) {
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        skip_space();
        if (i_ < s_.size() && s_[i_] == '[')
          fail("'descr' is a structured type; only plain numeric arrays can be read");
        a.descr = string_literal();
        check_descr(a.descr);
        have_descr = true;
      } else if (key == "fortran_order") {
        a.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        a.shape = tuple();
        have_shape = true;
      } else {
        skip_value();
      }
      if (!eat(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    while (i_ < s_.size() && s_[i_] == '\0') ++i_;  // some writers pad with NULs
    if (i_ != s_.size()) fail("unexpected text after the header's closing brace");
    if (!have_descr || !have_order || !have_shape) fail("the header lacks 'descr', 'fortran_order' or 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw Error(what_ + ": bad .npy header: " + problem); }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "' at byte " + std::to_string(i_));
  }
  bool word(std::string_view w) {
    skip_space();
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  std::string string_literal() {
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"'))
      fail("expected a quoted string at byte " + std::to_string(i_));
    const char quote = s_[i_++];
    const size_t close = s_.find(quote, i_);
    if (close == std::string_view::npos) fail("a string is not closed");
    const std::string_view text = s_.substr(i_, close - i_);
    if (text.find('\\') != std::string_view::npos) fail("escaped characters in strings are not supported");
    i_ = close + 1;
    return std::string(text);
  }
  bool boolean() {
    if (word("True")) return true;
    if (word("False")) return false;
    fail("'fortran_order' must be True or False");
  }
  int64_t integer() {
    skip_space();
    const size_t start = i_;
    int64_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      if (i_ - start >= 18) fail("a dimension is too large");
      v = v * 10 + (s_[i_++] - '0');
    }
    if (i_ == start) fail("expected a non-negative integer at byte " + std::to_string(i_));
    if (i_ < s_.size() && (s_[i_] == 'L' || s_[i_] == 'l')) ++i_;  // Python 2 long literal
    return v;
  }
  std::vector<int64_t> tuple() {
    expect('(');
    std::vector<int64_t> out;
    while (!eat(')')) {
      if (out.size() >= 64) fail("more than 64 dimensions");
      out.push_back(integer());
      if (!eat(',')) {
        expect(')');
        break;
      }
    }
    return out;
  }
  void skip_value() {
    skip_space();
    if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"')) {
      string_literal();
    } else if (i_ < s_.size() && s_[i_] == '(') {
      tuple();
    } else if (!word("True") && !word("False") && !word("None")) {
      integer();
    }
  }
  void check_descr(const std::string& d) {
    const bool order_ok = d.size() >= 3 && d.size() <= 5 && std::strchr("<>|=", d[0]) != nullptr;
    const bool kind_ok = order_ok && std::strchr("biufc", d[1]) != nullptr;
    int size = 0;
    bool digits_ok = kind_ok;
    for (size_t k = 2; digits_ok && k < d.size(); ++k) {
      digits_ok = d[k] >= '0' && d[k] <= '9';
      size = size * 10 + (d[k] - '0');
    }
    bool size_ok = false;
    if (digits_ok) switch (d[1]) {
        case 'b':
          size_ok = size == 1;
          break;
        case 'i':
        case 'u':
          size_ok = size == 1 || size == 2 || size == 4 || size == 8;
          break;
        case 'f':
          size_ok = size == 2 || size == 4 || size == 8 || size == 16;
          break;
        default:
          size_ok = size == 8 || size == 16 || size == 32;
      }
    if (!size_ok)
      fail("type '" + d + "' is not supported (only bool, integer, float and complex arrays" +
           (d.find('O') != std::string::npos ? "; this one holds pickled Python objects)" : ")"));
  }

  std::string_view s_;
  std::string what_;
  size_t i_ = 0;
};

// A .npy array from `read(dst, n)`, which yields the next n of its `total` bytes.
template <typename Read>
NpyArray read_npy(Read&& read, uint64_t total, const std::string& what) {
  if (total < 10) throw Error(what + ": too short for a .npy array (" + std::to_string(total) + " bytes)");
  uint8_t pre[12];
  read(pre, 10);
  if (std::memcmp(pre, "\x93NUMPY", 6) != 0) throw Error(what + ": not a .npy array (no \\x93NUMPY magic)");
  uint64_t prefix = 10, header_n = le(pre + 8, 2);
  if (pre[6] == 2 || pre[6] == 3) {
    if (total < 12) throw Error(what + ": too short for a .npy array (" + std::to_string(total) + " bytes)");
    read(pre + 10, 2);
    prefix = 12;
    header_n = le(pre + 8, 4);
  } else if (pre[6] != 1) {
    throw Error(what + ": .npy format version " + std::to_string(pre[6]) + "." + std::to_string(pre[7]) +
                " is not supported (1, 2 and 3 are)");
  }
  if (header_n > kMaxHeaderBytes || header_n > total - prefix)
    throw Error(what + ": .npy header length " + std::to_string(header_n) + " does not fit the " +
                std::to_string(total) + " bytes");
  std::string header(header_n, '\0');
  read(reinterpret_cast<uint8_t*>(header.data()), header_n);
  NpyArray a;
  HeaderParser(header, what).parse(a);

  const uint64_t item = a.item_size();
  uint64_t bytes = item;
  bool zero = false;
  for (int64_t d : a.shape) {
    if (d == 0) zero = true;
    if (!zero && uint64_t(d) > kMaxNpyBytes / bytes)
      throw Error(what + ": array of " + std::to_string(a.shape.size()) + " dimensions is larger than the " +
                  std::to_string(kMaxNpyBytes >> 30) + " GiB limit");
    if (!zero) bytes *= uint64_t(d);
  }
  if (zero) bytes = 0;
  if (bytes != total - prefix - header_n)
    throw Error(what + ": its header describes " + std::to_string(bytes) + " bytes of '" + a.descr + "' data but " +
                std::to_string(total - prefix - header_n) + " follow");
  a.data.resize(bytes);
  read(a.data.data(), bytes);
  return a;
}

NpyArray read_member(const Source& src, const std::string& name) {
  const std::vector<Entry> entries = read_directory(src);
  const bool has_suffix = name.size() >= 4 && name.compare(name.size() - 4, 4, ".npy") == 0;
  const std::string want = has_suffix ? name : name + ".npy";
  const Entry* entry = nullptr;
  for (const Entry& e : entries)
    if (e.name == want) entry = &e;
  if (!entry) {
    std::string names;
    for (size_t k = 0; k < entries.size() && k < 12; ++k) names += (k ? ", " : "") + entries[k].name;
    if (entries.size() > 12) names += ", ...";
    src.fail("no array named '" + name + "' (the archive holds: " + (names.empty() ? "nothing" : names) + ")");
  }
  MemberStream stream(src, *entry);
  NpyArray a = read_npy([&](uint8_t* dst, uint64_t n) { stream.read(dst, n); }, stream.size(),
                        src.label() + ": " + stream.what());
  stream.finish();
  return a;
}

}  // namespace

size_t NpyArray::item_size() const {
  size_t n = 0;
  for (size_t k = 2; k < descr.size() && descr[k] >= '0' && descr[k] <= '9'; ++k) n = n * 10 + size_t(descr[k] - '0');
  return n;
}

uint64_t NpyArray::count() const {
  uint64_t n = 1;
  for (int64_t d : shape) n *= uint64_t(d);
  return n;
}

NpyArray read_npz_member(const std::string& path, const std::string& name) {
  const FileSource src(path);
  return read_member(src, name);
}

NpyArray read_npz_member_bytes(std::string_view archive, const std::string& name, const std::string& label) {
  const MemorySource src(archive, label);
  return read_member(src, name);
}

std::vector<std::string> list_npz_members(const std::string& path) {
  const FileSource src(path);
  std::vector<std::string> names;
  for (const Entry& e : read_directory(src)) names.push_back(e.name);
  return names;
}

NpyArray parse_npy(std::string_view bytes, const std::string& label) {
  uint64_t at = 0;
  return read_npy(
      [&](uint8_t* dst, uint64_t n) {
        if (n) std::memcpy(dst, bytes.data() + at, n);  // read_npy never asks past `total`
        at += n;
      },
      bytes.size(), label);
}

}  // namespace vlae
