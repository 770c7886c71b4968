// Data formats beyond IDX, from real files made here: SVHN .mat (written with matio), folders of
// JPEG/PNG (written with stb) with their pixel cache, the generated `shapes` set, split views of
// shared pixels, and the batch prefetcher. Every bad input is checked by its message.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#if __has_include(<matio.h>)
#include <matio.h>
#define HAVE_MATIO 1
#endif

#include "core/common/error.h"
#include "core/data/image_fit.h"
#include "core/data/image_folder.h"
#include "core/data/registry.h"
#include "core/data/shapes.h"
#include "core/data/svhn_reader.h"
#include "core/io/atomic_file.h"
#include "core/io/png_io.h"
#include "core/train/batch_prefetcher.h"
#include "core/train/batch_sampler.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace vlae;
using vlae::test::TempDir;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    return msg;
  }
  FAIL("expected a vlae::Error");
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool running_as_root() { return ::geteuid() == 0; }

Image solid(int w, int h, int channels, std::vector<uint8_t> colour) {
  Image img{w, h, channels, {}};
  for (int p = 0; p < w * h; ++p) img.pixels.insert(img.pixels.end(), colour.begin(), colour.end());
  return img;
}

// A w x h RGB image: `inner` inside the centred iw x ih window, `outer` elsewhere.
Image framed(int w, int h, int iw, int ih, std::vector<uint8_t> inner, std::vector<uint8_t> outer) {
  Image img = solid(w, h, 3, outer);
  const int x0 = (w - iw) / 2, y0 = (h - ih) / 2;
  for (int y = y0; y < y0 + ih; ++y)
    for (int x = x0; x < x0 + iw; ++x)
      for (int c = 0; c < 3; ++c) img.pixels[(size_t(y) * w + x) * 3 + c] = inner[c];
  return img;
}

std::string cache_file(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

}  // namespace

// --- Dataset: owned or viewed pixels, splits share bytes -------------------------------------------

TEST_CASE("split parts are views of the parent's bytes") {
  Dataset d = make_shapes(50, 1, 28, 28, 5);
  const uint8_t* base = d.pixels.data();
  const DataSplit s = split_fixed(d);
  CHECK(s.train.size() + s.heldout.size() == 50);
  CHECK(s.train.pixels.data() == base);  // shared, not copied
  CHECK(s.heldout.pixels.data() == base);
  std::set<const uint8_t*> seen;
  for (size_t i = 0; i < s.train.size(); ++i) seen.insert(s.train.image(i));
  for (size_t i = 0; i < s.heldout.size(); ++i) seen.insert(s.heldout.image(i));
  CHECK(seen.size() == 50);
  CHECK(s.train.labels.size() == s.train.size());
  CHECK(s.train.factors.size() == s.train.size() * 6);
  // A split of a split still points at the right rows.
  const DataSplit again = split_fixed(s.train);
  for (size_t i = 0; i < again.train.size(); ++i) CHECK(seen.count(again.train.image(i)) == 1);
  CHECK(packed_pixels(s.heldout).size() == s.heldout.size() * 784);
}

// --- shapes -------------------------------------------------------------------------------------------

TEST_CASE("shapes: 20,000 images with known factors, deterministic, any shape") {
  const DataSplit s = load_data("shapes", "/nonexistent");
  CHECK(s.train.size() == 18000);
  CHECK(s.heldout.size() == 2000);
  CHECK((s.train.channels == 1 && s.train.height == 28 && s.train.width == 28));
  CHECK(s.train.factor_names == std::vector<std::string>{"shape", "size", "x", "y", "fill", "colour"});
  const int levels[6] = {4, 3, 5, 5, 3, 4};
  std::vector<std::set<int64_t>> seen(6);
  for (size_t i = 0; i < s.train.size(); ++i) {
    CHECK_EQ(s.train.labels[i], s.train.factor(i, 0));
    for (size_t f = 0; f < 6; ++f) seen[f].insert(s.train.factor(i, f));
  }
  for (size_t f = 0; f < 6; ++f) {
    CAPTURE(f);
    CHECK(seen[f].size() == size_t(levels[f]));
    CHECK(*seen[f].begin() == 0);
    CHECK(*seen[f].rbegin() == levels[f] - 1);
  }
  // Every image has a shape on black: some bright pixels, a black corner region.
  for (size_t i = 0; i < 200; ++i) {
    const uint8_t* img = s.train.image(i);
    CHECK(*std::max_element(img, img + 784) >= 90);
    CHECK(std::count(img, img + 784, 0) > 300);
  }
  // Same seed, same bytes; another seed, other bytes.
  CHECK(make_shapes(30, 1, 28, 28, 9).pixels == make_shapes(30, 1, 28, 28, 9).pixels);
  CHECK(!(make_shapes(30, 1, 28, 28, 9).pixels == make_shapes(30, 1, 28, 28, 10).pixels));
  // A filled shape covers more pixels than its thin outline (same other factors).
  const DataSplit colour = load_data("shapes", "", ImageShape{3, 32, 32});
  CHECK((colour.train.channels == 3 && colour.train.height == 32 && colour.train.width == 32));
  CHECK(colour.train.labels == s.train.labels);  // the factors do not depend on the drawing size
  CHECK(has(error_of([] { make_shapes(10, 2, 28, 28, 1); }), "1 or 3 channels"));
}

TEST_CASE("shapes: fill and colour factors show in the pixels") {
  const Dataset d = make_shapes(2000, 3, 32, 32, 4);
  double filled = 0, thin = 0;
  int nf = 0, nt = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    const uint8_t* img = d.image(i);
    size_t lit = 0;
    for (size_t p = 0; p < 1024; ++p) lit += img[p] + img[1024 + p] + img[2048 + p] > 0;
    if (d.factor(i, 4) == 2 && d.factor(i, 1) == 2) filled += double(lit), ++nf;
    if (d.factor(i, 4) == 0 && d.factor(i, 1) == 2) thin += double(lit), ++nt;
    if (d.factor(i, 5) == 2) {  // blue: the blue plane dominates
      size_t b = 0, r = 0;
      for (size_t p = 0; p < 1024; ++p) r += img[p], b += img[2048 + p];
      CHECK(b > r);
    }
  }
  REQUIRE((nf > 0 && nt > 0));
  CHECK(filled / nf > 1.3 * thin / nt);
}

// --- image fitting ------------------------------------------------------------------------------------

TEST_CASE("crop and resize geometry") {
  // CelebA-sized: the centred 108x108 window is red, the rest blue.
  const Image face = framed(178, 218, 108, 108, {255, 0, 0}, {0, 0, 255});
  const Image fitted = fit_image(face, 64, 64, 108);
  CHECK((fitted.width == 64 && fitted.height == 64 && fitted.channels == 3));
  for (int p = 0; p < 64 * 64; ++p) {
    CHECK(fitted.pixels[p * 3] == 255);
    CHECK(fitted.pixels[p * 3 + 2] == 0);
  }
  // A window one pixel wider shows blue at the edges only.
  const Image wider = fit_image(framed(178, 218, 108, 108, {255, 0, 0}, {0, 0, 255}), 64, 64, 120);
  CHECK(wider.pixels[2] > 100);                    // top-left corner: blue
  CHECK(wider.pixels[(32 * 64 + 32) * 3] == 255);  // centre: red
  // Aspect crop: a 40x20 image whose centred 20x20 is green becomes all green at 28x28.
  const Image wide = fit_image(framed(40, 20, 20, 20, {0, 255, 0}, {255, 0, 255}), 28, 28, 0);
  for (int p = 0; p < 28 * 28; ++p) CHECK(wide.pixels[p * 3 + 1] == 255);
  // Shrinking filters: a fine checkerboard of 0 / 200 becomes grey, not a sample of it.
  Image checker{16, 16, 1, {}};
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) checker.pixels.push_back((x + y) % 2 ? 200 : 0);
  const Image small = resize_image(checker, 4, 4);
  for (int y = 1; y < 3; ++y)
    for (int x = 1; x < 3; ++x) CHECK(std::abs(int(small.pixels[y * 4 + x]) - 100) <= 3);
  // Planar layout: channel planes back to back.
  uint8_t planar[12];
  to_planar(solid(2, 2, 3, {1, 2, 3}), planar);
  CHECK(std::vector<uint8_t>(planar, planar + 12) == std::vector<uint8_t>{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3});
}

TEST_CASE("decode_image: channels, truncated JPEG, garbage") {
  TempDir tmp("decode");
  write_jpeg(tmp / "a.jpg", solid(16, 8, 3, {200, 100, 50}));
  const std::string bytes = read_file(tmp / "a.jpg");
  const Image rgb = decode_image(bytes, 3, "a.jpg");
  CHECK((rgb.width == 16 && rgb.height == 8 && rgb.channels == 3));
  CHECK(std::abs(int(rgb.pixels[0]) - 200) < 8);
  const Image grey = decode_image(bytes, 1, "a.jpg");
  CHECK(grey.channels == 1);
  CHECK(std::abs(int(grey.pixels[0]) - 124) < 10);  // luminance of (200, 100, 50)
  CHECK(
      has(error_of([&] { decode_image(bytes.substr(0, bytes.size() / 2), 3, "cut.jpg"); }), "cut.jpg: truncated JPEG"));
  CHECK(has(error_of([] { decode_image("hello, not an image", 3, "notes.txt"); }), "notes.txt: not a readable image"));
  CHECK(has(error_of([] { decode_image("", 3, "empty.png"); }), "empty.png: empty file"));
}

TEST_CASE("decode_image: a zero-length IDAT chunk is dropped before stb sees it; stb's reason stays printable") {
  TempDir tmp("empty_idat");
  write_png(tmp / "a.png", solid(5, 4, 3, {10, 20, 30}));
  const std::string png = read_file(tmp / "a.png");
  const size_t idat = png.find("IDAT");
  REQUIRE(idat != std::string::npos);
  // An empty IDAT (length 0, type, CRC) in front of the real one: the same image.
  std::string with_empty = png;
  with_empty.insert(idat - 4, std::string("\0\0\0\0IDAT\x35\xAF\x06\x1E", 12));
  const Image img = decode_image(with_empty, 3, "e.png");
  CHECK((img.width == 5 && img.height == 4 && img.pixels == decode_image(png, 3, "a.png").pixels));
  // A header claiming 65536 x 65536 is refused before stb allocates anything.
  std::string huge = png;
  huge.replace(16, 8, std::string("\0\1\0\0\0\1\0\0", 8));
  CHECK(has(error_of([&] { decode_image(huge, 3, "h.png"); }),
            "h.png: not a readable image (PNG of 65536 x 65536 pixels"));
  // A fuzzing finding: sides near 2^32, whose product overflowed the size check itself.
  const std::string dir = std::string(VLAE_TEST_SOURCE_DIR) + "/fuzz/corpus/image/";
  CHECK(has(error_of([&] { decode_image(read_file(dir + "finding-png-ihdr-size-product-overflow.png"), 3, "o.png"); }),
            "o.png: not a readable image (PNG of 2303741617 x 4076201461 pixels; at most 67108864 are read)"));
  // The fuzz finding: an unknown critical chunk type of raw bytes is quoted as '?'.
  const std::string msg =
      error_of([&] { decode_image(read_file(dir + "finding-stb-png-empty-idat-memcpy-null.png"), 3, "f.png"); });
  CHECK(has(msg, "f.png: not a readable image ("));
  CHECK(std::all_of(msg.begin(), msg.end(), [](char ch) { return uint8_t(ch) >= 0x20 && uint8_t(ch) < 0x7F; }));
}

TEST_CASE("decode_image: progressive, grey and CMYK JPEGs (libjpeg-turbo); sizes refused before decoding") {
  // 40x30 red-to-blue gradients from ImageMagick, also seeds of the fuzz corpus.
  const std::string dir = std::string(VLAE_TEST_SOURCE_DIR) + "/fuzz/corpus/image/";
  for (const char* name : {"progressive.jpg", "cmyk.jpg"}) {
    const Image img = decode_image(read_file(dir + name), 0, name);
    CHECK((img.width == 40 && img.height == 30 && img.channels == 3));
    CHECK((img.pixels[0] > 240 && img.pixels[1] < 10 && img.pixels[2] < 10));  // top row is red
    CHECK(decode_image(read_file(dir + name), 1, name).channels == 1);
  }
  const Image grey = decode_image(read_file(dir + "grey.jpg"), 0, "grey.jpg");
  CHECK((grey.width == 40 && grey.channels == 1));
  CHECK(decode_image(read_file(dir + "grey.jpg"), 3, "grey.jpg").channels == 3);
  // The stream stb 2.27 decoded with a 32-bit shift: one line from libjpeg now.
  CHECK(
      has(error_of([&] { decode_image(read_file(dir + "finding-stb-jpeg-negative-code-bits-shift.jpg"), 3, "f.jpg"); }),
          "f.jpg: not a readable image (libjpeg: "));
  // A header claiming 60000 x 60000 (10.8 GB of RGB) is refused from the header.
  TempDir tmp("decode_big");
  write_jpeg(tmp / "a.jpg", solid(16, 8, 3, {200, 100, 50}));
  std::string big = read_file(tmp / "a.jpg");
  const size_t sof = big.find("\xFF\xC0");
  REQUIRE(sof != std::string::npos);
  big[sof + 5] = big[sof + 7] = char(0xEA);  // height and width: 0xEA60 = 60000
  big[sof + 6] = big[sof + 8] = char(0x60);
  CHECK(has(error_of([&] { decode_image(big, 3, "big.jpg"); }),
            "big.jpg: not a readable image (JPEG of 60000 x 60000 pixels"));
  CHECK(has(error_of([] { decode_image("\xFF\xFF\xD8 fill bytes, then junk", 3, "x.jpg"); }), "neither PNG nor JPEG"));
}

// --- folder: and celeba: --------------------------------------------------------------------------------

TEST_CASE("folder: any sizes, grey and colour, recursive; bad files skipped and counted") {
  TempDir tmp("folder");
  const std::string dir = tmp / "photos";
  fs::create_directories(dir + "/sub/deeper");
  fs::create_directories(dir + "/.hidden");
  write_png(dir + "/a.png", solid(40, 30, 3, {250, 10, 10}));
  write_png(dir + "/sub/b.png", solid(9, 13, 1, {77}));
  write_jpeg(dir + "/sub/deeper/c.jpg", framed(60, 60, 40, 40, {10, 240, 10}, {10, 240, 10}));
  write_png(dir + "/.hidden/ignored.png", solid(8, 8, 3, {1, 2, 3}));
  write_png(dir + "/d.png", solid(12, 12, 3, {5, 5, 250}));
  std::ofstream(dir + "/readme.txt") << "not an image";
  const std::string jpeg = read_file(dir + "/sub/deeper/c.jpg");
  std::ofstream(dir + "/sub/cut.jpg", std::ios::binary) << jpeg.substr(0, jpeg.size() / 2);

  const Dataset colour = load_image_folder(dir, FolderFormat{3, 32, 32, 0}, "folder:x");
  CHECK(colour.size() == 4);  // a, d, b, c in path order; readme and cut skipped, .hidden ignored
  CHECK(colour.skipped_files == 2);
  CHECK(has(colour.note, "2 file(s) skipped"));
  CHECK(has(colour.note, "readme.txt"));  // the first problem, in path order
  CHECK(colour.labels.empty());
  // Path order: a.png, d.png, sub/b.png, sub/deeper/c.jpg.
  CHECK(colour.image(0)[0] == 250);         // a: red plane
  CHECK(colour.image(1)[2 * 1024] == 250);  // d: blue plane
  CHECK(colour.image(2)[0] == 77);          // b: grey replicated to every plane
  CHECK(colour.image(2)[1024] == 77);
  CHECK(std::abs(int(colour.image(3)[1024]) - 240) < 6);  // c: green (JPEG)

  const Dataset grey = load_image_folder(dir, FolderFormat{1, 28, 28, 0}, "folder:x");
  CHECK((grey.channels == 1 && grey.size() == 4 && grey.image_bytes() == 784));
  CHECK(grey.image(2)[100] == 77);

  // Through the registry, at the model's shape, split 90/10 (at least one held out).
  const DataSplit s = load_data("folder:" + dir, "", ImageShape{1, 28, 28});
  CHECK(s.train.size() + s.heldout.size() == 4);
  CHECK(s.train.skipped_files == 2);
}

TEST_CASE("folder: bad folders") {
  TempDir tmp("badfolder");
  fs::create_directories(tmp / "empty");
  CHECK(has(error_of([&] { load_data("folder:" + (tmp / "empty"), ""); }), "empty folder"));
  CHECK(has(error_of([&] { load_data("folder:" + (tmp / "nope"), ""); }), "nope: no such folder"));
  std::ofstream(tmp / "file.txt") << "x";
  CHECK(has(error_of([&] { load_data("celeba:" + (tmp / "file.txt"), ""); }), "not a folder"));
  fs::create_directories(tmp / "junk");
  std::ofstream(tmp / "junk/a.jpg") << "not really a jpeg";
  std::ofstream(tmp / "junk/b.txt") << "text";
  const std::string msg = error_of([&] { load_data("folder:" + (tmp / "junk"), ""); });
  CHECK(has(msg, "no readable images among 2 file(s)"));
  CHECK(has(msg, "a.jpg"));
  CHECK_THROWS_AS(load_data("folder:", ""), Error);
}

TEST_CASE("folder: unreadable file is skipped with its reason") {
  if (running_as_root()) {
    MESSAGE("running as root: chmod 000 does not stop root, skipped");
    return;
  }
  TempDir tmp("unreadable");
  write_png(tmp / "a.png", solid(8, 8, 3, {1, 2, 3}));
  write_png(tmp / "b.png", solid(8, 8, 3, {1, 2, 3}));
  ::chmod((tmp / "b.png").c_str(), 0);
  const Dataset d = load_image_folder(tmp.str(), FolderFormat{3, 8, 8, 0}, "folder:x");
  ::chmod((tmp / "b.png").c_str(), 0644);
  CHECK(d.size() == 1);
  CHECK(d.skipped_files == 1);
  CHECK(has(d.note, "b.png: cannot open for reading"));
}

TEST_CASE("celeba: crop 108, resize to 64, cache reused, stale cache rebuilt") {
  TempDir tmp("celeba");
  const std::string dir = tmp / "celeba/img_align_celeba";
  fs::create_directories(dir);
  for (int i = 0; i < 3; ++i)
    write_png(dir + "/00000" + std::to_string(i) + ".png",
              framed(178, 218, 108, 108, {uint8_t(200 + i), 0, 0}, {0, 0, 255}));
  write_jpeg(dir + "/000003.jpg", framed(178, 218, 108, 108, {250, 0, 0}, {0, 0, 255}));

  // `celeba` is DATA_DIR/celeba/img_align_celeba, brought to 3x64x64 by default.
  const DataSplit split = load_data("celeba", tmp.str());
  CHECK(split.train.size() + split.heldout.size() == 4);
  CHECK((split.train.channels == 3 && split.train.height == 64 && split.train.width == 64));
  CHECK(has(split.train.note, "decoded 4 images into the cache"));
  const std::string spec = "celeba:" + dir;
  fs::remove(dir + "/.vlae-cache-3x64x64-crop108.u8");
  const Dataset a = load_image_folder(dir, FolderFormat{3, 64, 64, 108}, spec);
  CHECK(a.size() == 4);
  CHECK(has(a.note, "decoded 4 images into the cache"));
  const std::string cache = cache_file(dir, ".vlae-cache-3x64x64-crop108.u8");
  REQUIRE(fs::exists(cache));
  CHECK(fs::file_size(cache) == 64 + 4 * 3 * 64 * 64);
  for (int i = 0; i < 3; ++i)
    for (size_t p = 0; p < 4096; ++p) {
      CHECK_EQ(a.image(i)[p], 200 + i);       // red plane: only the red window survives the crop
      CHECK_EQ(a.image(i)[2 * 4096 + p], 0);  // no blue
    }
  CHECK(a.image(3)[32 * 64 + 32] > 220);  // JPEG: red, approximately (away from the edge, where chroma blurs)

  // Second load: from the cache, same bytes.
  const Dataset b = load_image_folder(dir, FolderFormat{3, 64, 64, 108}, spec);
  CHECK(has(b.note, "images from the cache"));
  CHECK(b.pixels == a.pixels);
  // Another shape has its own cache.
  CHECK(has(load_image_folder(dir, FolderFormat{1, 32, 32, 108}, spec).note, "decoded"));

  // Stale: a new file changes the listing, so the cache is rebuilt.
  write_png(dir + "/000004.png", framed(178, 218, 108, 108, {90, 0, 0}, {0, 0, 255}));
  const Dataset c = load_image_folder(dir, FolderFormat{3, 64, 64, 108}, spec);
  CHECK(has(c.note, "decoded 5 images"));
  CHECK(c.size() == 5);
  CHECK(c.image(4)[0] == 90);
  // Damaged: a truncated cache file is rebuilt, not trusted. (c maps that very file, so its
  // bytes are taken first; a rebuild itself never touches a mapped file: it renames a new one.)
  const std::vector<uint8_t> c_bytes = packed_pixels(c);
  fs::resize_file(cache, 100);
  const Dataset d = load_image_folder(dir, FolderFormat{3, 64, 64, 108}, spec);
  CHECK(has(d.note, "decoded 5 images"));
  CHECK(packed_pixels(d) == c_bytes);
  // A header from another version is stale too.
  {
    std::fstream f(cache, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);
    const uint32_t v = 99;
    f.write(reinterpret_cast<const char*>(&v), 4);
  }
  CHECK(has(load_image_folder(dir, FolderFormat{3, 64, 64, 108}, spec).note, "decoded"));
  // No temporary files left.
  for (const auto& e : fs::directory_iterator(dir)) CHECK(!has(e.path().filename().string(), ".tmp"));
}

TEST_CASE("celeba: read-only folder falls back to $XDG_CACHE_HOME") {
  if (running_as_root()) {
    MESSAGE("running as root: folders cannot be made read-only, skipped");
    return;
  }
  TempDir tmp("rofolder");
  const std::string dir = tmp / "faces", xdg = tmp / "xdg";
  fs::create_directories(dir);
  write_png(dir + "/a.png", solid(20, 20, 3, {9, 9, 9}));
  write_png(dir + "/b.png", solid(20, 20, 3, {9, 9, 9}));
  ::chmod(dir.c_str(), 0555);
  const char* old = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  const Dataset a = load_image_folder(dir, FolderFormat{3, 8, 8, 0}, "folder:x");
  const Dataset b = load_image_folder(dir, FolderFormat{3, 8, 8, 0}, "folder:x");
  if (old)
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  else
    ::unsetenv("XDG_CACHE_HOME");
  ::chmod(dir.c_str(), 0755);
  CHECK(has(a.note, xdg));
  CHECK(has(a.note, "is not writable"));
  CHECK(has(b.note, "images from the cache " + xdg));
}

// --- SVHN .mat --------------------------------------------------------------------------------------------

#ifdef HAVE_MATIO
namespace {

uint8_t svhn_pixel(size_t row, size_t col, size_t ch, size_t n) {
  return uint8_t(row * 7 + col * 3 + ch * 50 + n * 11);
}

// Writes X (dims, uint8, column-major as MATLAB stores it) and y to a MAT5 file; empty
// names leave a variable out.
void write_mat(const std::string& path, std::vector<size_t> xdims, const std::vector<double>& y,
               const char* xname = "X", const char* yname = "y", enum matio_classes xclass = MAT_C_UINT8) {
  mat_t* m = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  REQUIRE(m != nullptr);
  if (*xname) {
    size_t total = 1;
    for (size_t d : xdims) total *= d;
    std::vector<uint8_t> x(total);
    std::vector<double> xd(total);
    const size_t r = xdims[0], c = xdims[1], ch = xdims.size() > 2 ? xdims[2] : 1;
    for (size_t i = 0; i < total; ++i) {
      const size_t row = i % r, col = (i / r) % c, k = (i / (r * c)) % ch, n = i / (r * c * ch);
      x[i] = svhn_pixel(row, col, k, n);
      xd[i] = x[i];
    }
    matvar_t* v = Mat_VarCreate(xname, xclass, xclass == MAT_C_UINT8 ? MAT_T_UINT8 : MAT_T_DOUBLE, int(xdims.size()),
                                xdims.data(), xclass == MAT_C_UINT8 ? static_cast<void*>(x.data()) : xd.data(), 0);
    REQUIRE(v != nullptr);
    REQUIRE(Mat_VarWrite(m, v, MAT_COMPRESSION_NONE) == 0);
    Mat_VarFree(v);
  }
  if (*yname) {
    size_t ydims[2] = {y.size(), 1};
    matvar_t* v = Mat_VarCreate(yname, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, ydims, const_cast<double*>(y.data()), 0);
    REQUIRE(Mat_VarWrite(m, v, MAT_COMPRESSION_NONE) == 0);
    Mat_VarFree(v);
  }
  Mat_Close(m);
}

}  // namespace

TEST_CASE("svhn: column-major X to NCHW, labels 10 -> 0, splits") {
  TempDir tmp("svhn");
  const std::string dir = tmp / "svhn";
  fs::create_directories(dir);
  write_mat(dir + "/train_32x32.mat", {32, 32, 3, 5}, {1, 2, 10, 4, 5});
  write_mat(dir + "/test_32x32.mat", {32, 32, 3, 2}, {10, 9});
  write_mat(dir + "/extra_32x32.mat", {32, 32, 3, 3}, {7, 7, 10});

  const Dataset d = read_svhn_mat(dir + "/train_32x32.mat", "svhn");
  CHECK((d.channels == 3 && d.height == 32 && d.width == 32 && d.size() == 5));
  CHECK(d.labels == std::vector<int64_t>{1, 2, 0, 4, 5});
  for (size_t n : {size_t(0), size_t(4)})
    for (size_t ch = 0; ch < 3; ++ch)
      for (size_t row : {size_t(0), size_t(5), size_t(31)})
        for (size_t col : {size_t(0), size_t(17), size_t(31)}) {
          CAPTURE(n);
          CAPTURE(ch);
          CAPTURE(row);
          CAPTURE(col);
          CHECK(d.image(n)[ch * 1024 + row * 32 + col] == svhn_pixel(row, col, ch, n));
        }
  CHECK(svhn_mat_count(dir + "/extra_32x32.mat") == 3);

  const DataSplit plain = load_data("svhn", tmp.str());  // DATA_DIR/svhn
  CHECK(plain.train.size() == 5);
  CHECK(plain.heldout.size() == 2);
  CHECK(plain.heldout.labels == std::vector<int64_t>{0, 9});
  CHECK(load_data("svhn:extra", tmp.str()).train.size() == 3);
  const DataSplit both = load_data("svhn:" + dir + ":train+extra", "");
  CHECK(both.train.size() == 8);
  CHECK(both.train.labels == std::vector<int64_t>{1, 2, 0, 4, 5, 7, 7, 0});
  CHECK(both.train.image(5)[0] == svhn_pixel(0, 0, 0, 0));
  CHECK(load_data("svhn:" + dir, "").train.size() == 5);
  const DataSplit one = load_data("svhn:" + dir + "/extra_32x32.mat", "");  // one file: split 90/10
  CHECK(one.train.size() + one.heldout.size() == 3);

  bool listed = false;
  for (const DatasetInfo& info : list_datasets(tmp.str()))
    if (info.name == "svhn") listed = info.available && info.images == 7 && info.shape == "3x32x32";
  CHECK(listed);
}

TEST_CASE("svhn: bad files") {
  TempDir tmp("badsvhn");
  write_mat(tmp / "nox.mat", {32, 32, 3, 2}, {1, 2}, "images");
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "nox.mat", "s"); }), "nox.mat: no variable 'X'"));
  write_mat(tmp / "noy.mat", {32, 32, 3, 2}, {1, 2}, "X", "");
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "noy.mat", "s"); }), "noy.mat: no variable 'y'"));
  write_mat(tmp / "dims.mat", {28, 28, 1, 2}, {1, 2});
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "dims.mat", "s"); }),
            "dims.mat: variable X is 28x28x1x2 uint8, expected 32x32x3xN"));
  write_mat(tmp / "double.mat", {32, 32, 3, 2}, {1, 2}, "X", "y", MAT_C_DOUBLE);
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "double.mat", "s"); }), "non-uint8"));
  write_mat(tmp / "count.mat", {32, 32, 3, 3}, {1, 2});
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "count.mat", "s"); }), "X holds 3 images but y holds 2 labels"));
  write_mat(tmp / "label.mat", {32, 32, 3, 2}, {1, 11});
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "label.mat", "s"); }), "label 11"));
  std::ofstream(tmp / "junk.mat") << std::string(300, 'x');
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "junk.mat", "s"); }), "junk.mat: not a MATLAB .mat file"));
  CHECK(has(error_of([&] { read_svhn_mat(tmp / "none.mat", "s"); }), "none.mat: no such file"));
  CHECK(has(error_of([&] { load_data("svhn", tmp / "nodata"); }), "svhn: no such folder"));
  fs::create_directories(tmp / "half");
  write_mat(tmp / "half/train_32x32.mat", {32, 32, 3, 2}, {1, 2});
  CHECK(has(error_of([&] { load_data("svhn:" + (tmp / "half"), ""); }), "test_32x32.mat: no such file"));
  if (!running_as_root()) {
    write_mat(tmp / "locked.mat", {32, 32, 3, 2}, {1, 2});
    ::chmod((tmp / "locked.mat").c_str(), 0);
    CHECK(has(error_of([&] { read_svhn_mat(tmp / "locked.mat", "s"); }), "locked.mat: cannot open for reading"));
  }
}
#endif

// --- registry ---------------------------------------------------------------------------------------------

TEST_CASE("registry lists every set; mnist falls back to shapes when missing") {
  TempDir tmp("registry");
  std::set<std::string> names;
  for (const DatasetInfo& d : list_datasets(tmp.str())) {
    names.insert(d.name);
    CHECK(!d.shape.empty());
    CHECK(!d.source.empty());
    if (d.name == "shapes") CHECK((d.available && d.images == 20000));
    if (d.name == "celeba") CHECK(!d.available);
  }
  CHECK(names == std::set<std::string>{"mnist", "fashion-mnist", "shapes", "dsprites", "svhn", "celeba"});
  std::string why;
  CHECK(default_data_for("mnist", tmp.str(), why) == "shapes");
  CHECK(has(why, "vlae data fetch mnist"));
  CHECK(default_data_for("svhn", tmp.str(), why) == "svhn");
  CHECK(why.empty());
  CHECK(has(error_of([] { load_data("tiff:/x", ""); }), "unknown data kind 'tiff'"));
}

// --- batches: table conversion and the prefetcher ------------------------------------------------------

TEST_CASE("images_to_tensor is bit-identical to the tensor-op conversion") {
  Dataset d;
  d.name = "all-bytes";
  d.channels = 1;
  d.height = 16;
  d.width = 16;
  std::vector<uint8_t> bytes(256);
  for (int i = 0; i < 256; ++i) bytes[i] = uint8_t(i);
  d.pixels = bytes;
  torch::Tensor raw = torch::from_blob(bytes.data(), {1, 1, 16, 16}, torch::kUInt8);
  torch::Tensor unit = raw.to(torch::kFloat32).div_(255.0f);
  torch::Tensor sgn = raw.to(torch::kFloat32).div_(255.0f).mul_(2.0f).sub_(1.0f);
  CHECK(torch::equal(images_to_tensor(d, {0}, false), unit));
  CHECK(torch::equal(images_to_tensor(d, {0}, true), sgn));
}

TEST_CASE("prefetcher: same batches as the sampler, in and out of order; errors reach the caller") {
  auto data = std::make_shared<const Dataset>(make_shapes(300, 1, 28, 28, 2));
  BatchSampler reference(data, 32, 7, false);
  auto sampler = std::make_shared<BatchSampler>(data, 32, 7, false);
  BatchPrefetcher ahead([sampler](int64_t s) { return sampler->batch_for_step(s); }, 3);
  for (int64_t step : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3, 3, 4, 40, 41, 0}) {
    CAPTURE(step);
    CHECK(torch::equal(ahead.batch_for_step(step), reference.batch_for_step(step)));
  }

  BatchPrefetcher failing(
      [](int64_t s) -> torch::Tensor {
        if (s == 2) throw Error("loader: step 2 broke");
        return torch::full({1}, double(s));
      },
      2);
  CHECK(failing.batch_for_step(0).item<double>() == 0);
  CHECK(failing.batch_for_step(1).item<double>() == 1);
  CHECK(has(error_of([&] { failing.batch_for_step(2); }), "step 2 broke"));
  CHECK(failing.batch_for_step(5).item<double>() == 5);  // restarts cleanly after an error

  // Destroyed while its thread waits on a full queue: joins, no hang.
  {
    BatchPrefetcher idle([](int64_t s) { return torch::full({1}, double(s)); }, 4);
    idle.batch_for_step(0);
  }
  // depth 0: no thread at all.
  BatchPrefetcher inline_only([](int64_t s) { return torch::full({1}, double(s)); }, 0);
  CHECK(inline_only.batch_for_step(9).item<double>() == 9);
}
