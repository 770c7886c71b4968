#pragma once
// NumPy .npy arrays and .npz archives (a ZIP of .npy files, as np.savez and np.savez_compressed
// write them). Members may be stored or deflated, with ZIP64 records or not; .npy format versions
// 1, 2 and 3. Only plain numeric arrays (bool, integers, floats, complex) are read: no pickled
// objects, strings or structured types. Every problem is a one-line vlae::Error that names the file;
// sizes are checked against the archive before anything large is allocated, and the member's CRC-32
// is checked after reading.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vlae {

// Largest array accepted (8 GiB): dSprites' images take 3 GiB.
constexpr uint64_t kMaxNpyBytes = uint64_t(1) << 33;

struct NpyArray {
  std::vector<int64_t> shape;  // empty for a scalar
  std::string descr;           // NumPy's type string, validated: "|u1", "<i8", "<f8", "|b1", ...
  bool fortran_order = false;
  std::vector<uint8_t> data;  // the elements' bytes as stored: count() * item_size()

  size_t item_size() const;  // the number at the end of descr
  uint64_t count() const;    // product of shape
};

// The member `name` of the archive at `path`: "imgs" finds "imgs.npy", as np.load does.
NpyArray read_npz_member(const std::string& path, const std::string& name);
// The same for an archive held in memory; `label` stands for the file name in errors.
NpyArray read_npz_member_bytes(std::string_view archive, const std::string& name, const std::string& label);
// Member names as stored (with ".npy").
std::vector<std::string> list_npz_members(const std::string& path);

// A whole .npy file held in memory.
NpyArray parse_npy(std::string_view bytes, const std::string& label);

}  // namespace vlae
