#pragma once
// Nearest training images of what the explorer shows: in pixel space (is the decoded image a copy
// of one the model was trained on?) and in each layer's code space (which training images does
// the model file next to this code, layer by layer?). Both searches run off the UI thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/latent_map_job.h"
#include "core/explore/nearest_images.h"
#include "ui/app/ui_context.h"
#include "ui/widgets/image_strip.h"

namespace vlae::ui {

class ExplorerPanel;

class NeighboursTool {
 public:
  void draw(UiContext& ctx, ExplorerPanel& explorer);
  void reset();

 private:
  void update_pixels(UiContext& ctx, ExplorerPanel& explorer);
  void update_codes(UiContext& ctx, ExplorerPanel& explorer);

  int k_ = 8;
  NearestImagesJob pixel_job_;
  uint64_t requested_digest_ = 0;
  int requested_k_ = 0;
  std::optional<Neighbours> pixels_;
  ImageStrip pixel_strip_;
  LatentMapJob train_job_;  // training images' codes, for the code-space search
  std::optional<LatentMap> train_codes_;
  uint64_t requested_snapshot_ = 0;
  double requested_at_ = -1e9;
  LatentCode searched_code_;
  std::vector<std::unique_ptr<ImageStrip>> code_strips_;  // per layer (textures do not move)
  std::vector<std::vector<std::pair<size_t, double>>> code_found_;
};

}  // namespace vlae::ui
