#pragma once
// SVHN's cropped-digit files (`train_32x32.mat`, `test_32x32.mat`, `extra_32x32.mat`) through
// libmatio: X is 32x32x3xN uint8 in MATLAB's column-major order, y is Nx1 with labels 1..10,
// where 10 stands for the digit 0 (mapped to 0 here).
#include <cstddef>
#include <string>

#include "core/data/dataset.h"

namespace vlae {

// Throws vlae::Error naming the file: not a .mat file, no X or y, wrong class or dimensions,
// counts that disagree, labels outside 1..10.
Dataset read_svhn_mat(const std::string& path, const std::string& name);
// N from X's header alone (cheap: the pixels are not read).
size_t svhn_mat_count(const std::string& path);
// Whether this build can read .mat files (libmatio was found).
bool svhn_supported();

}  // namespace vlae
