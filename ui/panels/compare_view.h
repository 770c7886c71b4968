#pragma once
// Compare: the explorer's code decoded a second time with other weights, side by side with the
// main image: another kept step of this run (the timeline's steps), or another run folder or
// checkpoint of the same latent shape (e.g. the VLAE beside the HVAE). Export writes the pair as
// one PNG with a sidecar naming both checkpoints and the code.
#include <cstdint>
#include <memory>
#include <string>

#include <imgui.h>

#include "core/explore/decode_service.h"
#include "core/explore/latent_code.h"
#include "ui/app/ui_context.h"
#include "ui/app/weights_loader.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class CompareView {
 public:
  CompareView();
  ~CompareView();
  // A different run is open: compare is off, nothing loaded.
  void reset();
  bool active() const { return active_; }
  // The "Compare" checkbox and, when on, the choice of the other weights.
  void draw_controls(UiContext& ctx);
  // When active: decodes `code` with the other weights (newest request wins) and draws the image
  // at `size` beside the main one; `main` is the main image, for Export pair.
  void draw_image(UiContext& ctx, const LatentCode& code, ImVec2 size, const DisplayParams& params,
                  const ImageView& main, int64_t main_step, const std::string& main_checkpoint);

 private:
  void load(const std::string& path, std::string label);
  void poll(UiContext& ctx);
  void export_pair(UiContext& ctx, const ImageView& main, int64_t main_step, const std::string& main_checkpoint);

  bool active_ = false;
  int pick_ = -1;           // index into the timeline's entries, or -1 for another run
  std::string other_path_;  // the path box
  std::string label_;       // what the right image shows, e.g. "step 200" or a path
  WeightsLoader loader_;    // the other weights; read by the decoder's thread
  uint64_t loaded_id_ = 0;  // changes with every set of weights adopted
  LatentCode submitted_;
  uint64_t submitted_id_ = 0;
  std::unique_ptr<ImageView> view_;
  int64_t image_step_ = -1;
  std::string image_checkpoint_, error_, last_export_;
  uint64_t image_digest_ = 0;
  std::unique_ptr<DecodeService> decoder_;  // last: stops before the weights it reads go
};

}  // namespace vlae::ui
