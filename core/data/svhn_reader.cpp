#include "core/data/svhn_reader.h"

#include <unistd.h>

#include <memory>

#include "core/common/error.h"

#if __has_include(<matio.h>)
#include <matio.h>
#define VLAE_HAVE_MATIO 1
#endif

namespace vlae {

#ifdef VLAE_HAVE_MATIO
namespace {

constexpr int kSide = 32, kChannels = 3;

// matio reports problems on stderr; ours are the one-line errors below.
void quiet(int, char*) {}

using MatFile = std::unique_ptr<mat_t, int (*)(mat_t*)>;
using MatVar = std::unique_ptr<matvar_t, void (*)(matvar_t*)>;

MatFile open_mat(const std::string& path) {
  static const bool silenced = (Mat_LogInitFunc("vlae", quiet), true);
  (void)silenced;
  if (::access(path.c_str(), F_OK) != 0) throw Error(path + ": no such file");
  if (::access(path.c_str(), R_OK) != 0) throw Error(path + ": cannot open for reading (permission denied)");
  mat_t* m = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
  if (!m) throw Error(path + ": not a MATLAB .mat file (or a damaged one)");
  return MatFile(m, Mat_Close);
}

std::string dims_text(const matvar_t* v) {
  std::string s;
  for (int i = 0; i < v->rank; ++i) s += (i ? "x" : "") + std::to_string(v->dims[i]);
  return s;
}

// X's info, checked: uint8, 32x32x3xN (a file of one image may drop the trailing 1).
MatVar x_info(mat_t* m, const std::string& path) {
  MatVar x(Mat_VarReadInfo(m, "X"), Mat_VarFree);
  if (!x) throw Error(path + ": no variable 'X' (SVHN .mat files hold images X and labels y)");
  const bool shape_ok = (x->rank == 4 || x->rank == 3) && x->dims[0] == size_t(kSide) && x->dims[1] == size_t(kSide) &&
                        x->dims[2] == size_t(kChannels);
  if (!shape_ok || x->class_type != MAT_C_UINT8)
    throw Error(path + ": variable X is " + dims_text(x.get()) +
                (x->class_type == MAT_C_UINT8 ? " uint8" : " non-uint8") +
                ", expected 32x32x3xN uint8 (SVHN cropped digits)");
  return x;
}

size_t x_count(const matvar_t* x) { return x->rank == 4 ? x->dims[3] : 1; }

// y as doubles, whatever numeric class the file uses.
double label_at(const matvar_t* y, size_t i) {
  switch (y->class_type) {
    case MAT_C_DOUBLE:
      return static_cast<const double*>(y->data)[i];
    case MAT_C_SINGLE:
      return static_cast<const float*>(y->data)[i];
    case MAT_C_UINT8:
      return static_cast<const uint8_t*>(y->data)[i];
    case MAT_C_INT8:
      return static_cast<const int8_t*>(y->data)[i];
    case MAT_C_UINT16:
      return static_cast<const uint16_t*>(y->data)[i];
    case MAT_C_INT16:
      return static_cast<const int16_t*>(y->data)[i];
    case MAT_C_UINT32:
      return static_cast<const uint32_t*>(y->data)[i];
    case MAT_C_INT32:
      return static_cast<const int32_t*>(y->data)[i];
    default:
      return -1;
  }
}

}  // namespace

bool svhn_supported() { return true; }

size_t svhn_mat_count(const std::string& path) {
  MatFile m = open_mat(path);
  return x_count(x_info(m.get(), path).get());
}

Dataset read_svhn_mat(const std::string& path, const std::string& name) {
  MatFile m = open_mat(path);
  const size_t n = x_count(x_info(m.get(), path).get());

  MatVar y(Mat_VarRead(m.get(), "y"), Mat_VarFree);
  if (!y) throw Error(path + ": no variable 'y' (SVHN .mat files hold images X and labels y)");
  if (y->rank != 2 || (y->dims[0] != 1 && y->dims[1] != 1) || y->isComplex || y->data == nullptr)
    throw Error(path + ": variable y is " + dims_text(y.get()) + ", expected Nx1 labels");
  if (y->dims[0] * y->dims[1] != n)
    throw Error(path + ": X holds " + std::to_string(n) + " images but y holds " +
                std::to_string(y->dims[0] * y->dims[1]) + " labels");
  Dataset d;
  d.name = name;
  d.channels = kChannels;
  d.height = d.width = kSide;
  d.labels.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = label_at(y.get(), i);
    if (!(v >= 1 && v <= 10) || v != double(int(v)))
      throw Error(path + ": label " + std::to_string(v) + " of image " + std::to_string(i + 1) +
                  " is outside 1..10 (SVHN uses 10 for the digit 0)");
    d.labels.push_back(v == 10 ? 0 : int64_t(v));
  }

  MatVar x(Mat_VarRead(m.get(), "X"), Mat_VarFree);
  if (!x || !x->data) throw Error(path + ": cannot read the pixels of X (damaged file?)");
  // Column-major: X(row, col, ch, i) is at row + 32 col + 1024 ch + 3072 i; ours is NCHW, row-major.
  const uint8_t* src = static_cast<const uint8_t*>(x->data);
  const size_t plane = size_t(kSide) * kSide, image = plane * kChannels;
  std::vector<uint8_t> pixels(n * image);
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < size_t(kChannels); ++c) {
      const uint8_t* s = src + i * image + c * plane;
      uint8_t* dst = pixels.data() + i * image + c * plane;
      for (int row = 0; row < kSide; ++row)
        for (int col = 0; col < kSide; ++col) dst[row * kSide + col] = s[col * kSide + row];
    }
  d.pixels = std::move(pixels);
  return d;
}

#else

bool svhn_supported() { return false; }
size_t svhn_mat_count(const std::string& path) { return read_svhn_mat(path, "").size(); }
Dataset read_svhn_mat(const std::string& path, const std::string&) {
  throw Error(path + ": this build cannot read .mat files (rebuild with libmatio-dev installed)");
}

#endif

}  // namespace vlae
