#pragma once
// The data in the latent space: the posterior means of up to N held-out images under the newest
// weights, encoded on a thread of its own whenever asked (newest request wins), for the explorer's
// pads to draw as dots coloured by class or factor. Torch-free header for the UI.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/compute_threads.h"
#include "core/data/dataset.h"
#include "core/explore/latent_code.h"

namespace vlae {

struct ModelSnapshot;

struct LatentMap {
  int64_t step = 0;               // of the weights that encoded it
  std::vector<int64_t> indices;   // into the data set, per dot
  std::vector<LatentCode> means;  // per dot
  std::vector<LatentCode> sds;    // per dot: the posterior standard deviations
  std::vector<int64_t> labels;    // per dot, or empty
  std::vector<std::string> factor_names;
  std::vector<std::vector<int64_t>> factors;  // per dot, one per factor name
  std::string error;                          // why it could not be encoded, or empty
};

class LatentMapJob {
 public:
  // `share`: how the encoding thread yields; the explorer's default is idle time only, like its trainer.
  explicit LatentMapJob(CpuShare share = CpuShare::IdleOnly);
  ~LatentMapJob();  // waits for the encoding in flight
  LatentMapJob(const LatentMapJob&) = delete;
  LatentMapJob& operator=(const LatentMapJob&) = delete;

  // Encodes the first `max_images` of `data` with a private copy of the snapshot's weights; a
  // request made while one runs replaces any waiting one.
  void request(std::shared_ptr<const ModelSnapshot> snapshot, std::shared_ptr<const Dataset> data,
               size_t max_images = 2000);
  // The newest finished map, once.
  std::optional<LatentMap> take();
  bool busy() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vlae
