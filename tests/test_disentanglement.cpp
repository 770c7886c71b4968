// The disentanglement metrics on synthetic codes whose answers are known, the procedural dSprites
// (index order, geometry) and the .npz reader (NumPy's own files, hand-built ZIP64 archives, and
// damaged copies that must fail with a vlae::Error and nothing worse).
#include <doctest/doctest.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include <unistd.h>

#include "core/common/error.h"
#include "core/data/dsprites.h"
#include "core/explore/disentanglement.h"
#include "core/io/npz_reader.h"

#ifndef VLAE_TEST_SOURCE_DIR
#error "VLAE_TEST_SOURCE_DIR must name the tests folder (the .npz fixtures are in data/npz)"
#endif

using namespace vlae;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kNames = {"shape", "scale", "orientation", "pos_x", "pos_y"};

// n samples of factors drawn uniformly from `levels`, row-major n x K.
std::vector<int64_t> random_factors(int n, const std::vector<int>& levels, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int64_t> f(size_t(n) * levels.size());
  for (int i = 0; i < n; ++i)
    for (size_t k = 0; k < levels.size(); ++k) f[i * levels.size() + k] = int64_t(rng() % uint64_t(levels[k]));
  return f;
}

// Dim k < K holds factor k plus a little noise; further dims are small noise.
std::vector<float> copying_code(const std::vector<int64_t>& f, int k_count, int dims, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise;
  const size_t n = f.size() / k_count;
  std::vector<float> z(n * dims);
  for (size_t i = 0; i < n; ++i)
    for (int j = 0; j < dims; ++j)
      z[i * dims + j] = float(j < k_count ? f[i * k_count + j] + 0.05 * noise(rng) : 0.01 * noise(rng));
  return z;
}

std::vector<float> gaussian_code(size_t n, int dims, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  std::vector<float> z(n * dims);
  for (float& v : z) v = float(g(rng));
  return z;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fixture(const std::string& name) { return std::string(VLAE_TEST_SOURCE_DIR) + "/data/npz/" + name; }

// A fresh folder under the system temp dir, removed afterwards.
struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("vlae-npz-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string p = (path / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

void put(std::string& s, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s += char((v >> (8 * i)) & 0xFF);
}

// A version-1 .npy file.
std::string npy(const std::string& descr, const std::vector<int64_t>& shape, const std::string& data) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (int64_t d : shape) dict += std::to_string(d) + ", ";
  dict += "), }";
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  put(out, dict.size(), 2);
  return out + dict + data;
}

// A ZIP archive of stored members. With zip64 every size and offset sits in ZIP64 records, as a
// writer does for members over 4 GiB.
std::string zip(const std::vector<std::pair<std::string, std::string>>& members, bool zip64) {
  std::string out, dir;
  for (const auto& [name, data] : members) {
    const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
    const uint64_t offset = out.size();
    put(out, 0x04034b50, 4);
    put(out, 45, 2);
    put(out, 0, 2);
    put(out, 0, 2);  // stored
    put(out, 0, 4);  // time, date
    put(out, crc, 4);
    put(out, zip64 ? 0xFFFFFFFF : data.size(), 4);
    put(out, zip64 ? 0xFFFFFFFF : data.size(), 4);
    put(out, name.size(), 2);
    put(out, zip64 ? 20 : 0, 2);
    out += name;
    if (zip64) {
      put(out, 1, 2);
      put(out, 16, 2);
      put(out, data.size(), 8);
      put(out, data.size(), 8);
    }
    out += data;

    put(dir, 0x02014b50, 4);
    put(dir, 45, 2);
    put(dir, 45, 2);
    put(dir, 0, 2);
    put(dir, 0, 2);
    put(dir, 0, 4);
    put(dir, crc, 4);
    put(dir, zip64 ? 0xFFFFFFFF : data.size(), 4);
    put(dir, zip64 ? 0xFFFFFFFF : data.size(), 4);
    put(dir, name.size(), 2);
    put(dir, zip64 ? 28 : 0, 2);
    put(dir, 0, 2);  // comment
    put(dir, 0, 2);  // disk
    put(dir, 0, 2);  // internal attributes
    put(dir, 0, 4);  // external attributes
    put(dir, zip64 ? 0xFFFFFFFF : offset, 4);
    dir += name;
    if (zip64) {
      put(dir, 1, 2);
      put(dir, 24, 2);
      put(dir, data.size(), 8);
      put(dir, data.size(), 8);
      put(dir, offset, 8);
    }
  }
  const uint64_t dir_at = out.size();
  out += dir;
  if (zip64) {
    const uint64_t record_at = out.size();
    put(out, 0x06064b50, 4);
    put(out, 44, 8);
    put(out, 45, 2);
    put(out, 45, 2);
    put(out, 0, 4);
    put(out, 0, 4);
    put(out, members.size(), 8);
    put(out, members.size(), 8);
    put(out, dir.size(), 8);
    put(out, dir_at, 8);
    put(out, 0x07064b50, 4);
    put(out, 0, 4);
    put(out, record_at, 8);
    put(out, 1, 4);
  }
  put(out, 0x06054b50, 4);
  put(out, 0, 2);
  put(out, 0, 2);
  put(out, zip64 ? 0xFFFF : members.size(), 2);
  put(out, zip64 ? 0xFFFF : members.size(), 2);
  put(out, zip64 ? 0xFFFFFFFF : dir.size(), 4);
  put(out, zip64 ? 0xFFFFFFFF : dir_at, 4);
  put(out, 0, 2);
  return out;
}

// The fixtures' pixel pattern (tests/data/npz/make_fixtures.py).
bool fixture_pixel(int image, int y, int x) { return (x * (image + 1) + y) % 3 == 0; }

double centre_of_mass(const uint8_t* img, bool along_x) {
  double sum = 0, count = 0;
  for (int y = 0; y < kDspritesSide; ++y)
    for (int x = 0; x < kDspritesSide; ++x)
      if (img[y * kDspritesSide + x]) {
        sum += (along_x ? x : y) + 0.5;
        ++count;
      }
  return sum / count;
}

int white(const uint8_t* img) {
  int n = 0;
  for (int p = 0; p < kDspritesSide * kDspritesSide; ++p) n += img[p] != 0;
  return n;
}

}  // namespace

TEST_CASE("disentanglement: a code that copies each factor into its own dim") {
  const std::vector<int> levels = {3, 6, 10, 8, 8};
  const auto f = random_factors(5000, levels, 1);
  const auto z = copying_code(f, 5, 5, 2);
  const DisentanglementReport r = measure_disentanglement(z, f, kNames, {2, 2, 1});
  CHECK(r.mig > 0.9);
  CHECK(r.sap > 0.6);  // at most the mean of 1 - 1/levels: the second-best dim guesses at chance
  CHECK(r.dci.disentanglement > 0.9);
  CHECK(r.dci.completeness > 0.9);
  CHECK(r.dci.informativeness > 0.9);
  CHECK(r.samples_train == 4000);
  CHECK(r.samples_test == 1000);
  REQUIRE(r.factor_layers.size() == 5);
  const int expected_layer[5] = {1, 1, 2, 2, 3};
  for (int k = 0; k < 5; ++k) {
    CHECK(r.factor_layers[k].factor == kNames[k]);
    CHECK(r.factor_layers[k].layer == expected_layer[k]);
    CHECK(r.factor_layers[k].share[expected_layer[k] - 1] > 0.95);
  }
}

TEST_CASE("disentanglement: MIG on dSprites' grid is capped by its 20 bins") {
  // 40 orientations and 32 positions share 20 bins, so even a perfect code loses some mutual
  // information: the ceiling is about (1 + 1 + 0.81 + 0.85 + 0.85) / 5 = 0.90.
  const std::vector<int> levels(kDspritesLevels, kDspritesLevels + kDspritesFactors);
  const auto f = random_factors(10000, levels, 3);
  const auto z = copying_code(f, 5, 10, 4);
  const DisentanglementReport r = measure_disentanglement(z, f, kNames, {4, 3, 3});
  CHECK(r.mig > 0.85);
  CHECK(r.mig < 0.91);
  CHECK(r.dci.disentanglement > 0.95);
  CHECK(r.dci.informativeness > 0.95);
}

TEST_CASE("disentanglement: random codes score near zero, and fast") {
  const std::vector<int> levels(kDspritesLevels, kDspritesLevels + kDspritesFactors);
  const auto f = random_factors(10000, levels, 5);
  const auto z = gaussian_code(10000, 40, 6);
  const auto start = std::chrono::steady_clock::now();
  const DisentanglementReport r = measure_disentanglement(z, f, kNames, {10, 10, 10, 10});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("N = 10000, D = 40, K = 5 in " << seconds << " s");
  CHECK(seconds < 3.0);  // about 0.02 s with -O2; generous for sanitised builds
  CHECK(r.mig < 0.1);
  CHECK(r.sap < 0.1);
  CHECK(r.dci.disentanglement < 0.2);  // pure-noise importances sit near 0.14 for 5 factors
  CHECK(r.dci.informativeness < 0.3);
}

TEST_CASE("disentanglement: a dim that mixes two factors scores lower") {
  const std::vector<int> levels = {3, 6, 10, 8, 8};
  const auto f = random_factors(5000, levels, 7);
  const auto clean = copying_code(f, 5, 5, 8);
  auto mixed = clean;
  for (size_t i = 0; i < f.size() / 5; ++i) mixed[i * 5 + 3] = float(f[i * 5 + 3] + 0.8 * f[i * 5 + 4]);
  const DisentanglementReport a = measure_disentanglement(clean, f, kNames, {5});
  const DisentanglementReport b = measure_disentanglement(mixed, f, kNames, {5});
  CHECK(b.dci.disentanglement < a.dci.disentanglement - 0.02);
  CHECK(b.mig < a.mig - 0.05);
}

TEST_CASE("disentanglement: degenerate inputs") {
  const std::vector<int> levels = {3, 6, 10, 8, 8};
  const auto f = random_factors(2000, levels, 9);
  auto z = copying_code(f, 5, 8, 10);
  SUBCASE("constant dims carry nothing and make no NaN") {
    for (size_t i = 0; i < f.size() / 5; ++i) z[i * 8 + 6] = z[i * 8 + 7] = 3.0f;
    const DisentanglementReport r = measure_disentanglement(z, f, kNames, {4, 4});
    CHECK(r.mig > 0.9);
    CHECK(r.dci.disentanglement > 0.9);
  }
  SUBCASE("a factor with one level is left out") {
    auto g = f;
    for (size_t i = 0; i < g.size() / 5; ++i) g[i * 5 + 2] = 4;
    const DisentanglementReport r = measure_disentanglement(z, g, kNames, {4, 4});
    CHECK(r.factor_layers[2].layer == 0);
    CHECK(r.factor_layers[2].share == std::vector<double>{0, 0});
    CHECK(r.mig > 0.9);
    CHECK(r.dci.informativeness > 0.9);
  }
  SUBCASE("no factor with two levels: all zeros") {
    const std::vector<int64_t> g(f.size(), 1);
    const DisentanglementReport r = measure_disentanglement(z, g, kNames, {8});
    CHECK(r.mig == 0);
    CHECK(r.sap == 0);
    CHECK(r.dci.disentanglement == 0);
    CHECK(r.dci.informativeness == 0);
    CHECK(r.samples_train + r.samples_test == 2000);
  }
  SUBCASE("an all-constant code scores zero") {
    const std::vector<float> flat(z.size(), 0.5f);
    const DisentanglementReport r = measure_disentanglement(flat, f, kNames, {8});
    CHECK(r.mig == 0);
    CHECK(r.sap == 0);
    CHECK(r.dci.disentanglement == 0);
    CHECK(r.dci.completeness == 0);
    for (const FactorLayers& l : r.factor_layers) CHECK(l.layer == 0);
  }
  SUBCASE("factor values need not start at 0") {
    auto g = f;
    for (int64_t& v : g) v = v * 7 - 100;
    const DisentanglementReport a = measure_disentanglement(z, f, kNames, {8});
    const DisentanglementReport b = measure_disentanglement(z, g, kNames, {8});
    CHECK(a.mig == doctest::Approx(b.mig));
    CHECK(a.dci.disentanglement == doctest::Approx(b.dci.disentanglement));
  }
  SUBCASE("bad sizes, too few samples, NaN and options are usage errors") {
    CHECK(has(message_of([&] { measure_disentanglement(z, f, kNames, {4, 3}); }), "expected"));
    CHECK(has(message_of([&] { measure_disentanglement(z, f, kNames, {4, 0, 4}); }), "layer 2"));
    CHECK(has(message_of([&] { measure_disentanglement(z, f, {"a", "b", "c"}, {8}); }), "whole number"));
    CHECK(has(message_of([&] { measure_disentanglement(z, f, {}, {8}); }), "no factors"));
    const std::vector<int64_t> few(f.begin(), f.begin() + 45);
    const std::vector<float> few_z(z.begin(), z.begin() + 72);
    CHECK(has(message_of([&] { measure_disentanglement(few_z, few, kNames, {8}); }), "at least 10 samples"));
    auto bad = z;
    bad[8 * 3 + 1] = std::nanf("");
    CHECK(has(message_of([&] { measure_disentanglement(bad, f, kNames, {8}); }), "sample 3, dim 1"));
    DisentanglementOptions o;
    o.train_share = 1;
    CHECK(has(message_of([&] { measure_disentanglement(z, f, kNames, {8}, o); }), "train share"));
    try {
      measure_disentanglement(z, f, kNames, {8}, o);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
    }
  }
}

TEST_CASE("disentanglement: deterministic, and JSON both ways") {
  const std::vector<int> levels = {3, 6, 10, 8, 8};
  const auto f = random_factors(1000, levels, 11);
  const auto z = copying_code(f, 5, 6, 12);
  const DisentanglementReport a = measure_disentanglement(z, f, kNames, {3, 3});
  const DisentanglementReport b = measure_disentanglement(z, f, kNames, {3, 3});
  CHECK(to_json(a) == to_json(b));

  const nlohmann::json j = to_json(a);
  for (const char* key : {"mig", "sap", "dci", "factor_layers", "samples_train", "samples_test"})
    CHECK(j.contains(key));
  CHECK(j.size() == 6);
  CHECK(j["dci"].size() == 3);
  for (const char* key : {"disentanglement", "completeness", "informativeness"}) CHECK(j["dci"][key].is_number());
  CHECK(j["factor_layers"][0]["factor"] == "shape");
  CHECK(j["factor_layers"][0]["share"].size() == 2);
  CHECK(j["factor_layers"][4]["layer"] == 2);
  CHECK(to_json(disentanglement_from_json(j)) == j);

  CHECK(has(message_of([] { disentanglement_from_json(nlohmann::json::array()); }), "expected an object"));
  CHECK(has(message_of([] { disentanglement_from_json({{"mig", "high"}}); }), "disentanglement JSON"));
  CHECK(has(message_of([] { disentanglement_from_json({{"dci", 3}}); }), "disentanglement JSON"));
  CHECK(disentanglement_from_json(nlohmann::json::object()).mig == 0);
}

TEST_CASE("dsprites: index order is DeepMind's") {
  int f[kDspritesFactors];
  dsprites_factors(0, f);
  CHECK((f[0] | f[1] | f[2] | f[3] | f[4]) == 0);
  dsprites_factors(1, f);
  CHECK(f[4] == 1);  // pos_y varies fastest
  dsprites_factors(32, f);
  CHECK((f[3] == 1 && f[4] == 0));
  dsprites_factors(kDspritesImages / 3, f);
  CHECK((f[0] == 1 && f[1] == 0 && f[4] == 0));  // shape varies slowest
  dsprites_factors(kDspritesImages - 1, f);
  CHECK((f[0] == 2 && f[1] == 5 && f[2] == 39 && f[3] == 31 && f[4] == 31));
  for (size_t i = 0; i < kDspritesImages; i += 7) {
    dsprites_factors(i, f);
    if (dsprites_index(f) != i) FAIL("index " << i << " does not round-trip");
  }
  CHECK(has(message_of([&] { dsprites_factors(kDspritesImages, f); }), "out of range"));
  const int bad[kDspritesFactors] = {0, 6, 0, 0, 0};
  CHECK(has(message_of([&] { dsprites_index(bad); }), "scale must be 0..5, got 6"));
  uint8_t img[kDspritesSide * kDspritesSide];
  CHECK(has(message_of([&] { draw_dsprite(bad, img); }), "scale"));
}

TEST_CASE("dsprites: drawing") {
  uint8_t a[kDspritesSide * kDspritesSide], b[kDspritesSide * kDspritesSide];
  SUBCASE("binary and deterministic") {
    const int f[kDspritesFactors] = {2, 3, 17, 9, 20};
    draw_dsprite(f, a);
    draw_dsprite(f, b);
    CHECK(std::memcmp(a, b, sizeof a) == 0);
    for (uint8_t v : a) CHECK((v == 0 || v == 255));
  }
  SUBCASE("the pixel count grows with scale") {
    for (int shape = 0; shape < 3; ++shape) {
      int previous = 0;
      for (int scale = 0; scale < 6; ++scale) {
        const int f[kDspritesFactors] = {shape, scale, 0, 15, 15};
        draw_dsprite(f, a);
        CHECK(white(a) > previous);
        previous = white(a);
      }
      const int area[3] = {369, 257, 330};  // pixels of the geometry at scale 1
      CHECK(previous == doctest::Approx(area[shape]).epsilon(0.06));
    }
  }
  SUBCASE("the centre of mass follows pos_x and pos_y") {
    for (int shape = 0; shape < 3; ++shape)
      for (int pos = 0; pos < 32; pos += 3) {
        const int fx[kDspritesFactors] = {shape, 2, 0, pos, 10};
        const int fy[kDspritesFactors] = {shape, 2, 0, 10, pos};
        draw_dsprite(fx, a);
        draw_dsprite(fy, b);
        const double expected = 14 + 36.0 * pos / 31;
        CHECK(centre_of_mass(a, true) == doctest::Approx(expected).epsilon(0.02));
        CHECK(centre_of_mass(b, false) == doctest::Approx(expected).epsilon(0.02));
      }
  }
  SUBCASE("the shapes differ and look like dSprites'") {
    const int square[kDspritesFactors] = {0, 5, 0, 15, 15}, ellipse[kDspritesFactors] = {1, 5, 0, 15, 15};
    const int heart[kDspritesFactors] = {2, 5, 0, 15, 15};
    uint8_t c[kDspritesSide * kDspritesSide];
    draw_dsprite(square, a);
    draw_dsprite(ellipse, b);
    draw_dsprite(heart, c);
    CHECK(std::memcmp(a, b, sizeof a) != 0);
    CHECK(std::memcmp(b, c, sizeof b) != 0);
    CHECK(std::memcmp(a, c, sizeof a) != 0);
    // The ellipse is about twice as wide as tall at orientation 0, and tall at a quarter turn.
    auto extent = [](const uint8_t* img, bool along_x) {
      int lo = kDspritesSide, hi = -1;
      for (int y = 0; y < kDspritesSide; ++y)
        for (int x = 0; x < kDspritesSide; ++x)
          if (img[y * kDspritesSide + x]) {
            lo = std::min(lo, along_x ? x : y);
            hi = std::max(hi, along_x ? x : y);
          }
      return hi - lo + 1;
    };
    CHECK(extent(b, true) > 1.8 * extent(b, false));
    const int upright[kDspritesFactors] = {1, 5, 10, 15, 15};
    draw_dsprite(upright, b);
    CHECK(extent(b, false) > 1.8 * extent(b, true));
    // The heart's notch: the centre column starts lower than the lobes beside it.
    auto top = [&](int x) {
      for (int y = 0; y < kDspritesSide; ++y)
        if (c[y * kDspritesSide + x]) return y;
      return kDspritesSide;
    };
    const int middle = int(14 + 36.0 * 15 / 31);
    CHECK(top(middle) > top(middle - 5) + 2);
    CHECK(top(middle) > top(middle + 5) + 2);
    // Counter-clockwise on screen: at 45 degrees the ellipse's right end is its top.
    const int turned[kDspritesFactors] = {1, 5, 5, 15, 15};
    draw_dsprite(turned, b);
    int top_row = -1, top_x = 0;
    for (int p = 0; p < kDspritesSide * kDspritesSide && top_row < 0; ++p)
      if (b[p]) top_row = p / kDspritesSide, top_x = p % kDspritesSide;
    CHECK(top_x > middle + 3);
  }
  SUBCASE("no sprite leaves the frame") {
    // Pixel counts differ a little with the sub-pixel position (a side of 19.2 px covers 19 or 20 rows).
    for (int shape = 0; shape < 3; ++shape)
      for (int orientation = 0; orientation < 40; ++orientation) {
        const int centre[kDspritesFactors] = {shape, 5, orientation, 15, 15};
        draw_dsprite(centre, a);
        for (int corner = 0; corner < 4; ++corner) {
          const int f[kDspritesFactors] = {shape, 5, orientation, corner & 1 ? 31 : 0, corner & 2 ? 31 : 0};
          draw_dsprite(f, b);
          CHECK(white(b) == doctest::Approx(white(a)).epsilon(0.12));  // a clipped sprite loses a quarter
        }
      }
  }
  SUBCASE("every image is cheap to draw") {
    size_t total = 0;
    int f[kDspritesFactors];
    for (size_t i = 0; i < kDspritesImages; i += 29) {
      dsprites_factors(i, f);
      draw_dsprite(f, a);
      total += size_t(white(a));
    }
    CHECK(total > 0);
  }
}

TEST_CASE("npz: NumPy's savez and savez_compressed, as DeepMind's dSprites file") {
  for (const char* name : {"dsprites-stored.npz", "dsprites-compressed.npz"}) {
    CAPTURE(name);
    const DspritesFile d = read_dsprites_npz(fixture(name));
    REQUIRE(d.count == 3);
    REQUIRE(d.pixels.size() == 3 * 64 * 64);
    bool same = true;
    for (int i = 0; i < 3; ++i)
      for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) same &= d.pixels[(i * 64 + y) * 64 + x] == (fixture_pixel(i, y, x) ? 255 : 0);
    CHECK(same);
    CHECK(d.factors == std::vector<int64_t>{0, 5, 0, 0, 31, 1, 2, 7, 16, 3, 2, 0, 39, 31, 0});

    const NpyArray values = read_npz_member(fixture(name), "latents_values.npy");
    CHECK(values.descr == "<f8");
    CHECK(values.shape == std::vector<int64_t>{3, 6});
    double v;
    std::memcpy(&v, values.data.data() + 8 * 9, 8);
    CHECK(v == 7.0);
    CHECK(has(message_of([&] { read_npz_member(fixture(name), "metadata"); }), "pickled Python objects"));
    CHECK(has(message_of([&] { read_npz_member(fixture(name), "labels"); }), "imgs.npy, latents_classes.npy"));
  }
  const std::vector<std::string> names = list_npz_members(fixture("dsprites-compressed.npz"));
  CHECK(names == std::vector<std::string>{"imgs.npy", "latents_classes.npy", "latents_values.npy", "metadata.npy"});
}

TEST_CASE("npz: header versions, byte orders and shapes") {
  const std::string path = fixture("arrays.npz");
  const NpyArray v2 = read_npz_member(path, "v2");
  CHECK(v2.shape == std::vector<int64_t>{2, 3});
  double last;
  std::memcpy(&last, v2.data.data() + 40, 8);
  CHECK(last == 5.0);
  const NpyArray big = read_npz_member(path, "big");
  CHECK(big.descr == ">i4");
  CHECK(big.data == std::vector<uint8_t>{0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE, 0, 1, 0x11, 0x70});
  const NpyArray fortran = read_npz_member(path, "fortran");
  CHECK(fortran.fortran_order);
  CHECK(fortran.data == std::vector<uint8_t>{0, 0, 3, 0, 1, 0, 4, 0, 2, 0, 5, 0});
  const NpyArray scalar = read_npz_member(path, "scalar");
  CHECK(scalar.shape.empty());
  CHECK(scalar.count() == 1);
  CHECK(scalar.data.size() == 4);
  const NpyArray empty = read_npz_member(path, "empty");
  CHECK(empty.shape == std::vector<int64_t>{0, 3});
  CHECK(empty.data.empty());
  const NpyArray flags = read_npz_member(path, "flags");
  CHECK(flags.descr == "|b1");
  CHECK(flags.data == std::vector<uint8_t>{1, 0, 1});
}

TEST_CASE("npz: ZIP64 records and hand-built archives") {
  const std::string imgs(2 * 64 * 64, '\1');
  std::string classes;
  for (int row = 0; row < 2; ++row)
    for (int c = 0; c < 6; ++c) put(classes, uint64_t(c == 5 ? row : 0), 8);
  for (bool zip64 : {false, true}) {
    CAPTURE(zip64);
    const std::string archive =
        zip({{"imgs.npy", npy("|u1", {2, 64, 64}, imgs)}, {"latents_classes.npy", npy("<i8", {2, 6}, classes)}}, zip64);
    const NpyArray a = read_npz_member_bytes(archive, "imgs", "mem.npz");
    CHECK(a.shape == std::vector<int64_t>{2, 64, 64});
    Scratch s;
    const DspritesFile d = read_dsprites_npz(s.write("d.npz", archive));
    CHECK(d.count == 2);
    CHECK(d.pixels[100] == 255);
    CHECK(d.factors[9] == 1);
  }
  Scratch s;
  auto fails = [&](const std::string& archive, const std::string& expected) {
    const std::string msg = message_of([&] { read_dsprites_npz(s.write("bad.npz", archive)); });
    CAPTURE(msg);
    CHECK(has(msg, "bad.npz"));
    CHECK(has(msg, expected));
  };
  const std::string good_classes = npy("<i8", {2, 6}, classes);
  fails(
      zip({{"imgs.npy", npy("|u1", {2, 8, 8}, std::string(128, '\0'))}, {"latents_classes.npy", good_classes}}, false),
      "'imgs' must be N x 64 x 64 bytes, found (2, 8, 8)");
  fails(zip({{"imgs.npy", npy("|u1", {2, 64, 64}, std::string(8192, '\2'))}, {"latents_classes.npy", good_classes}},
            false),
        "holds value 2");
  fails(zip({{"imgs.npy", npy("|u1", {2, 64, 64}, imgs)},
             {"latents_classes.npy", npy("<i8", {2, 5}, classes.substr(0, 80))}},
            false),
        "'latents_classes' must be 2 x 6 integers");
  std::string wild = classes;
  wild[8 * 3] = 40;  // orientation 40
  fails(zip({{"imgs.npy", npy("|u1", {2, 64, 64}, imgs)}, {"latents_classes.npy", npy("<i8", {2, 6}, wild)}}, false),
        "row 0 has orientation 40");
  fails(zip({{"latents_classes.npy", good_classes}}, false), "no array named 'imgs'");
  fails(std::string(100, 'x'), "not a .npz archive");
  fails("PK", "too short for a .npz archive");
  fails(zip({{"imgs.npy", "\x93NUMPY\x01"}}, false), "too short for a .npy array");
  fails(zip({{"imgs.npy", npy("|u1", {2, 64, 64}, imgs.substr(1))}}, false), "describes 8192 bytes");
  fails(zip({{"imgs.npy", npy("<U4", {2}, std::string(32, 'a'))}}, false), "type '<U4' is not supported");

  CHECK(has(message_of([] { read_npz_member("/nonexistent/x.npz", "imgs"); }), "cannot open /nonexistent/x.npz"));
  CHECK(has(message_of([&] { read_npz_member(s.path.string(), "imgs"); }), "it is a folder"));
}

TEST_CASE("npz: damaged archives fail with an error, never a crash") {
  for (const char* name : {"dsprites-compressed.npz", "arrays.npz", "dsprites-stored.npz"}) {
    CAPTURE(name);
    const std::string bytes = read_file(fixture(name));
    REQUIRE(bytes.size() > 500);
    const char* member = std::strcmp(name, "arrays.npz") == 0 ? "v2" : "imgs";
    const size_t stride = bytes.size() > 5000 ? 13 : 1;
    int errors = 0;
    for (size_t cut = 0; cut < bytes.size(); cut += stride) {
      try {
        read_npz_member_bytes(std::string_view(bytes).substr(0, cut), member, name);
      } catch (const Error&) {
        ++errors;
      }
    }
    CHECK(errors == int((bytes.size() + stride - 1) / stride));  // every truncation is noticed
    for (size_t at = 0; at < bytes.size(); at += stride)
      for (int flip : {0x01, 0x80, 0xFF}) {
        std::string damaged = bytes;
        damaged[at] = char(uint8_t(damaged[at]) ^ flip);
        try {
          read_npz_member_bytes(damaged, member, name);
        } catch (const Error&) {
        }
      }
  }
}
