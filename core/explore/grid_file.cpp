#include "core/explore/grid_file.h"

#include <cstdio>
#include <filesystem>

#include "core/io/atomic_file.h"
#include "core/io/png_io.h"

namespace vlae {

void write_grid(const std::string& png_path, Grid grid, const std::string& checkpoint, int64_t step) {
  std::filesystem::path p(png_path);
  if (p.has_parent_path()) ensure_writable_dir(p.parent_path().string());
  grid.sidecar["checkpoint"] = checkpoint;
  grid.sidecar["step"] = step;
  grid.sidecar["image"] = {{"width", grid.image.width}, {"height", grid.image.height}};
  write_png(png_path, grid.image);
  write_file_atomic(p.replace_extension(".json").string(), grid.sidecar.dump(1) + "\n");
}

std::string next_numbered_path(const std::string& folder, const std::string& stem, const std::string& ext) {
  for (int i = 1;; ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "-%04d.", i);
    const std::filesystem::path p = std::filesystem::path(folder) / (stem + number + ext);
    if (!std::filesystem::exists(p)) return p.string();
  }
}

}  // namespace vlae
