// `vlae data fetch | list`.
#include <cstdio>

#include <memory>

#include "app/cli/command_registry.h"
#include "app/cli/shared_options.h"
#include "core/common/error.h"
#include "core/data/mnist_fetch.h"
#include "core/data/registry.h"

namespace vlae::cli {

namespace {

int data_fetch(const std::string& name, const std::string& data_dir_opt) {
  const std::string data_dir = data_dir_or_default(data_dir_opt);
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
  const std::string data_dir = data_dir_or_default(data_dir_opt);
  std::printf("%-15s %-10s %-9s %8s  %s\n", "NAME", "SHAPE", "STATUS", "IMAGES", "SOURCE");
  for (const DatasetInfo& d : list_datasets(data_dir))
    std::printf("%-15s %-10s %-9s %8zu  %s\n", d.name.c_str(), d.shape.c_str(), d.available ? "ready" : "missing",
                d.images, d.source.c_str());
  std::printf(
      "\nAlso: svhn:SPLIT (train, extra, train+extra), svhn:PATH[:SPLIT], celeba:PATH, folder:PATH, idx:PATH.\n"
      "Folders are decoded once into a .vlae-cache-*.u8 file beside the images and resized to the preset's shape.\n");
  return 0;
}

const bool data_registered = register_command({"data", "Data sets", 50, nullptr});

const bool fetch_registered = register_command(
    {"data fetch", "Fetch or check a data set (mnist, fashion-mnist)", 0, [](CLI::App& cmd) -> CommandRun {
       struct Options {
         std::string name, data_dir;
       };
       auto o = std::make_shared<Options>();
       cmd.add_option("name", o->name, "Data set name")->required();
       add_data_dir(cmd, o->data_dir);
       return [o] { return data_fetch(o->name, o->data_dir); };
     }});

const bool list_registered = register_command(
    {"data list", "List the data sets with their size, shape and source", 1, [](CLI::App& cmd) -> CommandRun {
       auto data_dir = std::make_shared<std::string>();
       add_data_dir(cmd, *data_dir);
       return [data_dir] { return data_list(*data_dir); };
     }});

}  // namespace
}  // namespace vlae::cli
