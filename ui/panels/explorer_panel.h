#pragma once
// Explorer: one group of sliders per ladder layer (top first), a 2-D pad for 2-dim layers, and a
// large decoded image that follows the sliders while they move (Code requests to the decoder,
// newest wins). A strip of held-out images: click one to set the sliders to its posterior means.
// The pads are maps of the held-out set (latent_map_view.h): click a dot to take its code.
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/explore/latent_code.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"
#include "ui/gl/texture.h"
#include "ui/panels/compare_view.h"
#include "ui/panels/latent_map_view.h"
#include "ui/panels/own_images.h"

namespace vlae::ui {

class ExplorerPanel {
 public:
  void draw(UiContext& ctx);
  const LatentCode& code() const { return code_; }
  // Sets every unlocked layer (the interpolation tab's t slider, a direction, a selection's mean).
  void set_code(const LatentCode& code, const std::string& source = "interpolated");
  // A discrete edit is about to happen (or just happened this frame): the code as the frame began
  // goes on the undo stack (Ctrl+Z; Ctrl+Shift+Z redoes), at most once a frame, 100 deep.
  void edited();
  void undo(
      bool redo);  // Ctrl+Z, Ctrl+Shift+Z  // The part of RUN/explorer.json this panel keeps: the code and the locks.
  void save_state(nlohmann::json& state) const;
  void restore_state(const nlohmann::json& state);
  // Where the code came from: "test:3", "own:1 (FILE)", or "your code" once edited.
  const std::string& code_source() const { return code_source_; }
  // The held-out codes on the pads, with the box or lasso selection made on them.
  LatentMapView& map_view() { return map_; }
  // The decoded image now shown (empty before the first decode).
  const Image* image() const { return view_ && view_->has_image() ? &view_->image() : nullptr; }
  // Image files (or folders of them) to encode beside the held-out thumbnails.
  void add_own_images(UiContext& ctx, std::vector<std::string> paths) { own_.add(ctx, std::move(paths)); }

 private:
  void reset_for_run(UiContext& ctx);
  void take_results(UiContext& ctx);
  void draw_image_area(UiContext& ctx);
  void draw_timeline(UiContext& ctx);  // the weights' step: the newest, or a kept older one
  void draw_thumbnails(UiContext& ctx);
  void draw_layer(UiContext& ctx, int layer);
  void draw_pad(UiContext& ctx, int layer);
  void draw_play(UiContext& ctx);  // Play: one dim swept back and forth live
  // Asks the decoder for image `index`'s posterior means; the sliders take them when they come.
  bool encode(UiContext& ctx, std::shared_ptr<const Dataset> data, int index, std::string source);

  uint64_t run_id_ = 0;
  LatentCode code_, submitted_;
  std::vector<bool> locked_;
  uint64_t submitted_snapshot_ = 0;
  bool submitted_once_ = false;
  uint64_t last_generation_ = 0;
  std::unique_ptr<ImageView> view_;
  DisplayParams display_;
  bool difference_ = false;
  std::string decode_error_, image_checkpoint_;
  double decode_ms_ = 0;
  int64_t image_step_ = -1;
  // The codes of requests not answered yet, by generation, so the image shown names its code.
  std::map<uint64_t, LatentCode> pending_codes_;
  LatentCode image_code_;
  uint64_t image_digest_ = 0;  // of the shown image's bytes: tests tell a new decode from the old
  std::mt19937_64 rng_{12345};

  Texture thumbs_;
  int thumb_count_ = 0, thumb_cols_ = 0;
  std::vector<int> thumb_rows_;  // the held-out image each thumbnail shows
  const Dataset* thumbs_of_ = nullptr;
  bool encoding_ = false;
  int selected_thumb_ = -1;

  LatentMapView map_;
  CompareView compare_;
  OwnImages own_;
  int selected_own_ = -1;
  std::string code_source_ = "your code", encode_source_;
  static constexpr size_t kUndoSteps = 100;
  std::deque<LatentCode> undo_, redo_;
  LatentCode frame_start_code_;
  bool pushed_this_frame_ = false;
  bool playing_ = false;
  int play_target_ = -1;  // index over every layer's dims, bottom first; default: the top layer's first
  double play_started_ = 0;
  std::vector<std::array<int, 2>> pad_dims_;  // per layer: the two dims its pad shows
  std::vector<bool> pad_pca_;                 // per layer: principal axes instead
};

}  // namespace vlae::ui
