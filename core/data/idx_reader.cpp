#include "core/data/idx_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "core/common/error.h"

namespace vlae {
namespace {

constexpr uint8_t kUnsignedByte = 0x08;

std::string hex(uint64_t value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llX", digits, static_cast<unsigned long long>(value));
  return buf;
}

const char* type_name(uint8_t type) {
  switch (type) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return "not a known IDX type";
  }
}

const char* rank_meaning(int rank) { return rank == 3 ? "images N,H,W" : "labels N"; }
const char* payload_noun(int rank) { return rank == 3 ? "pixels" : "labels"; }

// One open IDX file. zlib's gz* functions read plain files transparently too, so a single code
// path serves both; the magic bytes are still checked up front so errors can say "gzip".
class IdxFile {
 public:
  explicit IdxFile(const std::string& path) : path_(path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot open " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw Error("cannot read " + path + ": it is a folder, expected an IDX file");
    }
    unsigned char magic[2] = {0, 0};
    gzip_ = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    file_ = gzdopen(fd, "rb");
    if (!file_) {
      ::close(fd);
      throw Error("cannot read " + path + ": out of memory opening it");
    }
    gzbuffer(file_, 1 << 17);  // the default 8 KiB makes large files needlessly slow
  }
  ~IdxFile() { gzclose(file_); }
  IdxFile(const IdxFile&) = delete;
  IdxFile& operator=(const IdxFile&) = delete;

  const std::string& path() const { return path_; }
  bool gzip() const { return gzip_; }

  // Reads up to n bytes and returns how many arrived. Corrupt gzip data and I/O errors throw;
  // a short count means the file (or the gzip stream) ended.
  uint64_t read(uint8_t* dst, uint64_t n) {
    uint64_t got = 0;
    while (got < n) {
      unsigned chunk = unsigned(std::min<uint64_t>(n - got, 1u << 30));  // gzread takes unsigned
      int r = gzread(file_, dst + got, chunk);
      if (r < 0) throw_stream_error();
      if (r == 0) break;
      got += uint64_t(r);
    }
    return got;
  }

  // True when the last short read happened because a gzip stream was cut off mid-way.
  bool gzip_cut_off() {
    int err = Z_OK;
    gzerror(file_, &err);
    return gzip_ && err == Z_BUF_ERROR;
  }

  // Reading on to the end of the gzip stream makes zlib compare its CRC, which catches damage
  // the byte count alone cannot. Data after the payload is ignored, as with other IDX readers.
  void check_stream_end() {
    if (!gzip_) return;
    uint8_t spare[4096];
    if (gzread(file_, spare, sizeof spare) < 0) throw_stream_error();
  }

 private:
  [[noreturn]] void throw_stream_error() {
    int err = Z_OK;
    const char* msg = gzerror(file_, &err);
    if (err == Z_ERRNO) throw Error("cannot read " + path_ + ": " + std::strerror(errno));
    if (err == Z_MEM_ERROR) throw Error("cannot read " + path_ + ": out of memory");
    throw Error(path_ + ": corrupt gzip data (" + std::string(msg ? msg : "unknown zlib error") + ")");
  }

  std::string path_;
  gzFile file_ = nullptr;
  bool gzip_ = false;
};

IdxHeader parse_header(IdxFile& in, int expected_rank) {
  const std::string& path = in.path();
  const uint32_t expected_magic = (uint32_t(kUnsignedByte) << 8) | uint32_t(expected_rank);
  const std::string expected = hex(expected_magic, 8) + " (unsigned-byte " + rank_meaning(expected_rank) + ")";

  uint8_t m[4];
  uint64_t got = in.read(m, 4);
  if (got == 0) throw Error(path + " is empty, expected an IDX file");
  if (got < 4) throw Error(path + " is too short for an IDX header (" + std::to_string(got) + " bytes)");
  const uint32_t magic = (uint32_t(m[0]) << 24) | (uint32_t(m[1]) << 16) | (uint32_t(m[2]) << 8) | m[3];

  if (m[0] != 0 || m[1] != 0)
    throw Error(path + " is not an IDX file: magic number is " + hex(magic, 8) + ", expected " + expected);
  if (m[2] != kUnsignedByte)
    throw Error(path + ": unsupported IDX element type " + hex(m[2], 2) + " (" + type_name(m[2]) +
                "); only 0x08 (unsigned byte) is supported");
  if (m[3] != expected_rank)
    throw Error(path + ": IDX magic number is " + hex(magic, 8) + " (" + std::to_string(m[3]) +
                " dimensions), expected " + expected +
                (m[3] == 1   ? "; is this a labels file?"
                 : m[3] == 3 ? "; is this an images file?"
                             : ""));

  IdxHeader h;
  h.rank = expected_rank;
  uint8_t d[4 * 3];
  if (in.read(d, 4 * uint64_t(h.rank)) < 4 * uint64_t(h.rank))
    throw Error(path + ": IDX header is truncated (ends inside the dimension sizes)");

  uint64_t total = 1;
  std::string shape;
  bool too_big = false;
  for (int i = 0; i < h.rank; ++i) {
    uint32_t v =
        (uint32_t(d[4 * i]) << 24) | (uint32_t(d[4 * i + 1]) << 16) | (uint32_t(d[4 * i + 2]) << 8) | d[4 * i + 3];
    h.dims.push_back(v);
    shape += (i ? " x " : "") + std::to_string(v);
    if (v == 0)
      throw Error(path + ": IDX dimension " + std::to_string(i + 1) + " of " + std::to_string(h.rank) + " is zero");
    // Stop multiplying once past the cap: three 32-bit factors could overflow 64 bits otherwise.
    if (!too_big) {
      total *= v;
      too_big = total > kMaxIdxBytes;
    }
  }
  if (too_big)
    throw Error(path + ": IDX dimensions " + shape +
                " need more than 2^31 bytes; the header is corrupt or this is not an IDX data set");
  h.payload_bytes = total;
  return h;
}

// Header then exactly the payload it announces.
std::vector<uint8_t> read_payload(const std::string& path, int rank, IdxHeader& header) {
  IdxFile in(path);
  header = parse_header(in, rank);
  // Grown as bytes arrive: a short file whose header claims 2 GiB must not allocate 2 GiB first.
  std::vector<uint8_t> data;
  uint64_t got = 0;
  while (got < header.payload_bytes) {
    // Chunks double with what has arrived (64 KiB, 64 KiB, 128 KiB, ...): few copies, no big guess.
    const uint64_t want = std::min<uint64_t>(header.payload_bytes - got, std::max<uint64_t>(got, 1 << 16));
    data.resize(got + want);
    const uint64_t n = in.read(data.data() + got, want);
    got += n;
    if (n < want) break;
  }
  if (got < header.payload_bytes) {
    std::string counts = "expected " + std::to_string(header.payload_bytes) + " bytes of " + payload_noun(rank) +
                         ", found " + std::to_string(got);
    if (in.gzip_cut_off()) throw Error(path + ": gzip data ends early (truncated download?): " + counts);
    throw Error(path + " is truncated: " + counts);
  }
  in.check_stream_end();
  return data;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes, bool gzip) {
  // A per-process temporary name, renamed at the end, so an interrupted write leaves no half file.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const std::string& why) {
    std::remove(tmp.c_str());
    throw Error("cannot write " + path + ": " + why);
  };
  errno = 0;
  if (gzip) {
    gzFile f = gzopen(tmp.c_str(), "wb");
    if (!f) fail(errno ? std::strerror(errno) : "out of memory");
    size_t done = 0;
    while (done < bytes.size()) {
      unsigned chunk = unsigned(std::min<size_t>(bytes.size() - done, 1u << 30));
      int w = gzwrite(f, bytes.data() + done, chunk);
      if (w <= 0) {
        int err = Z_OK;
        std::string msg = gzerror(f, &err);
        if (err == Z_ERRNO) msg = std::strerror(errno);
        gzclose(f);
        fail(msg);
      }
      done += size_t(w);
    }
    if (gzclose(f) != Z_OK) fail(std::strerror(errno));
  } else {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) fail(std::strerror(errno));
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) fail(std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail(std::strerror(errno));
}

}  // namespace

IdxHeader read_idx_header(const std::string& path, int expected_rank) {
  IdxFile in(path);
  return parse_header(in, expected_rank);
}

IdxImages read_idx_images(const std::string& path) {
  IdxHeader h;
  IdxImages out;
  out.pixels = read_payload(path, 3, h);
  out.count = h.dims[0];
  out.height = h.dims[1];
  out.width = h.dims[2];
  return out;
}

std::vector<int64_t> read_idx_labels(const std::string& path) {
  IdxHeader h;
  std::vector<uint8_t> raw = read_payload(path, 1, h);
  return std::vector<int64_t>(raw.begin(), raw.end());
}

Dataset read_idx_images_and_labels(const std::string& images_path, const std::string& labels_path,
                                   const std::string& name) {
  // Compare counts from the headers before paying for the pixels.
  const uint32_t image_count = read_idx_header(images_path, 3).dims[0];
  std::vector<int64_t> labels = read_idx_labels(labels_path);
  if (labels.size() != image_count)
    throw Error("image and label counts differ: " + images_path + " has " + std::to_string(image_count) +
                " images but " + labels_path + " has " + std::to_string(labels.size()) + " labels");
  IdxImages images = read_idx_images(images_path);

  Dataset d;
  d.name = name;
  d.channels = 1;
  d.height = int(images.height);
  d.width = int(images.width);
  d.pixels = std::move(images.pixels);
  d.labels = std::move(labels);
  return d;
}

std::vector<uint8_t> encode_idx(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  if (dims.empty() || dims.size() > 255)
    throw Error("IDX data needs 1 to 255 dimensions, got " + std::to_string(dims.size()));
  uint64_t total = 1;
  for (uint32_t v : dims) total *= v;  // callers hold the data in memory, so no overflow here
  if (total != data.size())
    throw Error("IDX dimensions hold " + std::to_string(total) + " bytes but " + std::to_string(data.size()) +
                " were given");
  std::vector<uint8_t> out = {0, 0, kUnsignedByte, uint8_t(dims.size())};
  for (uint32_t v : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

void write_idx_gz(const std::string& path, const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  write_file(path, encode_idx(dims, data), true);
}

void write_idx_raw(const std::string& path, const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  write_file(path, encode_idx(dims, data), false);
}

void write_dataset_idx_gz(const std::string& images_path, const std::string& labels_path, const Dataset& data) {
  if (data.channels != 1)
    throw Error("cannot write " + images_path + ": IDX images are single-channel, data set has " +
                std::to_string(data.channels) + " channels");
  if (data.labels.size() != data.size())
    throw Error("cannot write " + labels_path + ": " + std::to_string(data.labels.size()) + " labels for " +
                std::to_string(data.size()) + " images");
  std::vector<uint8_t> labels;
  labels.reserve(data.labels.size());
  for (int64_t l : data.labels) {
    if (l < 0 || l > 255)
      throw Error("cannot write " + labels_path + ": label " + std::to_string(l) + " does not fit in a byte");
    labels.push_back(uint8_t(l));
  }
  write_idx_gz(images_path, {uint32_t(data.size()), uint32_t(data.height), uint32_t(data.width)}, packed_pixels(data));
  write_idx_gz(labels_path, {uint32_t(labels.size())}, labels);
}

}  // namespace vlae
