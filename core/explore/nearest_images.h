#pragma once
// The training images nearest to an image in pixel space: does the model draw something it has
// seen (memorised) or something new? Torch-free; the search runs on a thread of its own.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/image.h"
#include "core/data/dataset.h"

namespace vlae {

struct Neighbours {
  std::vector<std::pair<size_t, double>> found;  // (index into the data set, RMS distance in [0, 1]), nearest first
  size_t searched = 0;                           // images compared
  uint64_t query_digest = 0;                     // of the query's pixels
  std::string error;                             // e.g. the image and the data differ in size
};

// The k images of `data` nearest to `query` (RMS over pixels and channels, pixel values / 255),
// among at most `max_images` spread evenly over the set.
Neighbours nearest_images(const Dataset& data, const Image& query, size_t k, size_t max_images);

class NearestImagesJob {
 public:
  NearestImagesJob();
  ~NearestImagesJob();
  void request(std::shared_ptr<const Dataset> data, Image query, size_t k, size_t max_images);
  std::optional<Neighbours> take();
  bool busy() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vlae
