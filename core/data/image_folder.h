#pragma once
// Folders of PNG/JPEG files of any size (`folder:PATH`, `celeba:PATH`): every image is decoded
// once, brought to the target shape and stored in a pixel cache beside the data; later loads map
// that cache. Files that cannot be read or decoded are skipped and counted.
#include <string>

#include "core/data/dataset.h"

namespace vlae {

struct FolderFormat {
  int channels = 3, height = 64, width = 64;
  int crop = 0;  // > 0: centred square crop first (CelebA: 108); 0: centred crop to the target aspect
};

// All images under `folder` (recursive; hidden files and folders are ignored), in path order.
// The cache is `folder/.vlae-cache-CxHxW[-cropN].u8`; when the folder is not writable it goes to
// $XDG_CACHE_HOME/vlae (or ~/.cache/vlae), and when that fails too the pixels stay in memory.
// The Dataset's note says which. Throws when the folder is missing, empty or holds no readable image.
Dataset load_image_folder(const std::string& folder, const FolderFormat& format, const std::string& name);

}  // namespace vlae
