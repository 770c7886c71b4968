#pragma once
// A user's own image files brought to a run's shape exactly as its data set is prepared (the
// same crop, an antialiased resize, grey or colour), so they can be encoded beside the held-out
// set. Torch-free.
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vlae {

struct ImageFilesResult {
  Dataset images;                   // the files that could be read, in the order given
  std::vector<std::string> names;   // their paths, one per image
  std::vector<std::string> errors;  // one line per file that could not be read: "PATH: why"
};

// Whether a path names a PNG or JPEG file by its extension (what a dropped file is taken for).
bool has_image_extension(const std::string& path);

// Files and folders (a folder: its PNG/JPEG files, sorted, not recursive). `crop`: as
// crop_for_data() of the run's data spec.
ImageFilesResult load_image_files(const std::vector<std::string>& paths, const ImageShape& shape, int crop);

}  // namespace vlae
