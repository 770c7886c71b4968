#pragma once
// Shared test fixtures: temp folders, a tiny config and a small synthetic IDX data set.
#include <filesystem>
#include <string>

#include "core/data/dataset.h"
#include "core/model/config.h"

namespace vlae::test {

// A fresh folder under the system temp dir, removed when the object goes away.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag);
  ~TempDir();
  std::string str() const { return path.string(); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// n 28x28 images of simple strokes (class = label % 4): enough structure for a model to learn.
Dataset synthetic_strokes(int n, uint64_t seed);
// Writes train-* (n images) and t10k-* (n / 4 images) IDX .gz files into dir.
void write_synthetic_idx_folder(const std::string& dir, int n);
// n colour JPEGs of w x h (a disc of varying size and colour on a gradient), named img-00000.jpg
// ..., plus one file that is not an image (notes.txt): a folder like CelebA's, for folder: and celeba:.
void write_synthetic_image_folder(const std::string& dir, int n, int w, int h);
// tests/data/tiny.json with data = "idx:<dir>".
RunConfig tiny_config(const std::string& data_dir);
std::string tiny_config_path();

}  // namespace vlae::test
