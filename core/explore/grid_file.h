#pragma once
// A decoded figure (image + the codes behind it) and how it is saved: FILE.png plus FILE.json.
// Torch-free, so the GUI exports exactly the files the CLI writes.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/image.h"

namespace vlae {

struct Grid {
  Image image;
  int rows = 0, cols = 0;
  nlohmann::json sidecar;  // mode, parameters and the codes of every cell (row-major)
};

// Adds checkpoint provenance and writes FILE.png plus FILE.json beside it (both atomically).
void write_grid(const std::string& png_path, Grid grid, const std::string& checkpoint, int64_t step);
// FOLDER/STEM-0001.EXT, the first number not taken yet (GUI exports never overwrite).
std::string next_numbered_path(const std::string& folder, const std::string& stem, const std::string& ext = "png");

}  // namespace vlae
