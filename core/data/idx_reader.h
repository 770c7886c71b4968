#pragma once
// IDX files (the MNIST container format), raw or gzip-compressed. Only unsigned-byte data
// (type 0x08) is supported: images are rank 3 (N, H, W), labels rank 1 (N). Every problem with
// a file is reported as a one-line vlae::Error that names the file.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vlae {

// Largest payload accepted (2^31 bytes): far above any real IDX set, and it keeps a corrupt
// header from asking for an absurd allocation.
constexpr uint64_t kMaxIdxBytes = uint64_t(1) << 31;

struct IdxHeader {
  int rank = 0;
  std::vector<uint32_t> dims;
  uint64_t payload_bytes = 0;  // product of dims
};

// Reads and validates just the header (cheap; used to count images without loading them).
// `expected_rank` is 3 for images, 1 for labels.
IdxHeader read_idx_header(const std::string& path, int expected_rank);

struct IdxImages {
  uint32_t count = 0, height = 0, width = 0;
  std::vector<uint8_t> pixels;  // count * height * width, row-major
};

IdxImages read_idx_images(const std::string& path);
std::vector<int64_t> read_idx_labels(const std::string& path);

// Both files of a labelled set; the counts must agree. Result is single-channel NCHW.
Dataset read_idx_images_and_labels(const std::string& images_path, const std::string& labels_path,
                                   const std::string& name);

// Header + payload bytes of an IDX unsigned-byte file; data.size() must equal the product of dims.
std::vector<uint8_t> encode_idx(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data);

// Writes to a temporary name beside `path`, then renames, so readers never see a half file.
void write_idx_gz(const std::string& path, const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data);
void write_idx_raw(const std::string& path, const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data);

// A single-channel data set as an images file and a labels file (labels must be 0..255).
void write_dataset_idx_gz(const std::string& images_path, const std::string& labels_path, const Dataset& data);

}  // namespace vlae
