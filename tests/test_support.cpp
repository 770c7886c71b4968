#include "test_support.h"

#include <unistd.h>

#include <random>

#include <cstdio>
#include <fstream>

#include "core/data/idx_reader.h"
#include "core/io/png_io.h"

namespace vlae::test {
namespace fs = std::filesystem;

TempDir::TempDir(const std::string& tag) {
  static int counter = 0;
  path = fs::temp_directory_path() /
         ("vlae-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path);
  fs::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

Dataset synthetic_strokes(int n, uint64_t seed) {
  Dataset d;
  d.name = "synthetic";
  d.channels = 1;
  d.height = d.width = 28;
  std::vector<uint8_t> pixels(size_t(n) * 784, 0);
  std::mt19937_64 rng(seed);
  for (int i = 0; i < n; ++i) {
    const int label = i % 4;
    const int offset = int(rng() % 9) + 6, thick = int(rng() % 3) + 1;
    uint8_t* img = pixels.data() + size_t(i) * 784;
    for (int a = 4; a < 24; ++a)
      for (int t = 0; t < thick; ++t) {
        const int b = offset + t;
        int x = 0, y = 0;
        if (label == 0) x = a, y = b;                    // horizontal bar
        if (label == 1) x = b, y = a;                    // vertical bar
        if (label == 2) x = a, y = std::min(27, a + t);  // diagonal
        if (label == 3) x = a, y = std::max(0, 27 - a - t);
        img[y * 28 + x] = 255;
      }
    d.labels.push_back(label);
  }
  d.pixels = std::move(pixels);
  return d;
}

void write_synthetic_idx_folder(const std::string& dir, int n) {
  fs::create_directories(dir);
  write_dataset_idx_gz(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz",
                       synthetic_strokes(n, 1));
  write_dataset_idx_gz(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz",
                       synthetic_strokes(std::max(4, n / 4), 2));
}

void write_synthetic_image_folder(const std::string& dir, int n, int w, int h) {
  fs::create_directories(dir);
  std::mt19937_64 rng(3);
  for (int i = 0; i < n; ++i) {
    Image img{w, h, 3, std::vector<uint8_t>(size_t(w) * h * 3)};
    const double r = std::min(w, h) * (0.15 + 0.2 * double(rng() % 100) / 100);
    const uint8_t colour[3] = {uint8_t(rng() % 256), uint8_t(rng() % 256), uint8_t(rng() % 256)};
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const double dx = x - w / 2.0, dy = y - h / 2.0;
        const bool inside = dx * dx + dy * dy < r * r;
        for (int c = 0; c < 3; ++c) img.pixels[(size_t(y) * w + x) * 3 + c] = inside ? colour[c] : uint8_t(255 * y / h);
      }
    char name[32];
    std::snprintf(name, sizeof name, "img-%05d.jpg", i);
    write_jpeg((fs::path(dir) / name).string(), img, 90);
  }
  std::ofstream(fs::path(dir) / "notes.txt") << "not an image\n";
}

std::string tiny_config_path() { return std::string(VLAE_TEST_SOURCE_DIR) + "/data/tiny.json"; }

RunConfig tiny_config(const std::string& data_dir) {
  RunConfig c = load_run_config(tiny_config_path());
  c.data = "idx:" + data_dir;
  return c;
}

}  // namespace vlae::test
