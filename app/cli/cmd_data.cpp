// `vlae data fetch | list`.
#include <cstdio>

#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/data/mnist_fetch.h"
#include "core/data/registry.h"

namespace vlae::cli {

int data_fetch(const std::string& name, const std::string& data_dir_opt) {
  const std::string data_dir = data_dir_opt.empty() ? default_data_dir() : data_dir_opt;
  if (name == "mnist") {
    fetch_mnist(data_dir);
    std::printf("mnist: ready in %s\n", mnist_images_path(data_dir).c_str());
  } else if (name == "fashion-mnist") {
    fetch_fashion_mnist(data_dir);
    std::printf("fashion-mnist: ready in %s\n", kFashionMnistDir);
  } else {
    throw usage_error("data fetch knows mnist and fashion-mnist, not '" + name + "'");
  }
  return 0;
}

int data_list(const std::string& data_dir_opt) {
  const std::string data_dir = data_dir_opt.empty() ? default_data_dir() : data_dir_opt;
  std::printf("%-15s %-10s %-9s %8s  %s\n", "NAME", "SHAPE", "STATUS", "IMAGES", "SOURCE");
  for (const DatasetInfo& d : list_datasets(data_dir))
    std::printf("%-15s %-10s %-9s %8zu  %s\n", d.name.c_str(), d.shape.c_str(), d.available ? "ready" : "missing",
                d.images, d.source.c_str());
  std::printf(
      "\nAlso: svhn:SPLIT (train, extra, train+extra), svhn:PATH[:SPLIT], celeba:PATH, folder:PATH, idx:PATH.\n"
      "Folders are decoded once into a .vlae-cache-*.u8 file beside the images and resized to the preset's shape.\n");
  return 0;
}

}  // namespace vlae::cli
