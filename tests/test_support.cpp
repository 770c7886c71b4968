#include "test_support.h"

#include <unistd.h>

#include <random>

#include "core/data/idx_reader.h"

namespace vlae::test {
namespace fs = std::filesystem;

TempDir::TempDir(const std::string& tag) {
  static int counter = 0;
  path = fs::temp_directory_path() / ("vlae-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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
        if (label == 0) x = a, y = b;                 // horizontal bar
        if (label == 1) x = b, y = a;                 // vertical bar
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
  write_dataset_idx_gz(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz", synthetic_strokes(n, 1));
  write_dataset_idx_gz(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz",
                       synthetic_strokes(std::max(4, n / 4), 2));
}

std::string tiny_config_path() { return std::string(VLAE_TEST_SOURCE_DIR) + "/data/tiny.json"; }

RunConfig tiny_config(const std::string& data_dir) {
  RunConfig c = load_run_config(tiny_config_path());
  c.data = "idx:" + data_dir;
  return c;
}

}  // namespace vlae::test
