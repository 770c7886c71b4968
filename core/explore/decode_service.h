#pragma once
// DecodeService: decodes on its own thread from a weight snapshot, never the weights being trained.
// Each slot (one per view: sliders, traversal, samples, ...) holds only its newest request;
// superseded requests are dropped and results carry the generation they answer.
// Gibbs chains continue from the service's last state for the same start, so stepping or playing
// a chain costs one step per request, not a replay from step 0.
// Torch-free header: results are plain CPU images.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/image.h"
#include "core/data/dataset.h"
#include "core/explore/interpolation_spec.h"
#include "core/explore/latent_code.h"
#include "core/explore/traverse_spec.h"

namespace vlae {

struct ModelSnapshot;
using SnapshotSource = std::function<std::shared_ptr<const ModelSnapshot>()>;

enum class DecodeKind {
  Code,
  Traverse,
  TraverseAllLayers,
  TraverseAnimation,
  Samples,
  Reconstructions,
  Encode,
  Gibbs,
  Interpolate,
  InterpolateAnimation,
  Codes  // any list of codes as a rows x cols grid (directions, selections)
};

struct DecodeRequest {
  DecodeKind kind = DecodeKind::Code;
  LatentCode code;                      // Code; Interpolate(Animation): A
  LatentCode code_b;                    // Interpolate(Animation): B
  InterpolationSpec interpolation;      // Interpolate(Animation)
  TraverseSpec traverse;                // Traverse, TraverseAllLayers, TraverseAnimation
  bool all_layers = false;              // TraverseAnimation: every layer side by side
  int n = 10;                           // Samples, Reconstructions
  uint64_t seed = 0;                    // Samples
  std::vector<double> temperature;      // Samples: each layer's scale, bottom -> top (empty: all 1)
  std::shared_ptr<const Dataset> data;  // Reconstructions, Encode
  int64_t index = 0;                    // Encode: which image of `data`
  int64_t gibbs_steps = 0;              // Gibbs: show the chains after this many steps (n chains)
  bool from_data = true;                // Gibbs: start from `data` images, else from noise
  std::vector<LatentCode> codes;        // Codes: row-major, rows x cols of them
  int rows = 1, cols = 1;               // Codes
  nlohmann::json sidecar;               // Codes: returned with the result, "codes" added
};

struct DecodeResult {
  uint64_t generation = 0;    // the submit() call this answers
  Image image;                // empty for Encode; animations: the first frame
  std::vector<Image> frames;  // TraverseAnimation, InterpolateAnimation
  int rows = 1, cols = 1;
  LatentCode code;             // Encode: posterior means, bottom -> top
  int64_t snapshot_step = -1;  // training step of the weights used
  uint64_t snapshot_id = 0;
  std::string checkpoint;  // where the weights came from, for sidecars
  nlohmann::json sidecar;  // grid requests: the same JSON the CLI writes
  std::string error;       // non-empty when the request failed
  double decode_ms = 0;
  int64_t gibbs_step = 0;  // Gibbs: the step the image shows
};

// Threads for the next request, asked before each one: a decoder can use every core while no
// trainer runs beside it and step back to one when training starts.
using DecodeThreads = std::function<int()>;

class DecodeService {
 public:
  DecodeService(SnapshotSource source, int threads = 1);
  // Sets LibTorch's intra-op threads per request (OpenBLAS's process-wide count is left alone).
  DecodeService(SnapshotSource source, DecodeThreads threads);
  ~DecodeService();

  // Replaces the slot's pending request; returns its generation id (increasing per service).
  uint64_t submit(int slot, DecodeRequest request);
  // The newest result of the slot not taken yet; stale ones (older generation) are never returned.
  std::optional<DecodeResult> take(int slot);
  // Blocks until the slot has answered `generation` (or later) or the timeout passes (tests, CLI).
  std::optional<DecodeResult> wait(int slot, uint64_t generation, double timeout_s);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vlae
