#pragma once
// Interpolation: pick A and B (the explorer's code when set: click a thumbnail, own or held-out,
// then "Set A" / "Set B"), move the explorer's code from A to B with a t slider for the ticked
// layers, and see the strip of N steps per layer (one row per layer, the others held at A, then
// all together), exported as PNG + JSON.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/decode_service.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class ExplorerPanel;

class InterpolationTab {
 public:
  // One tab item inside the caller's tab bar; reads and sets the explorer's code.
  void draw(UiContext& ctx, ExplorerPanel& explorer);
  // The part of RUN/explorer.json this tab keeps: A, B, their names, the ticked layers, the mode.
  void save_state(nlohmann::json& state) const;
  void restore_state(const nlohmann::json& state);

 private:
  void draw_strip(UiContext& ctx);
  void export_animation(UiContext& ctx, const DecodeResult& r);  // Export GIF / MP4

  uint64_t run_id_ = 0;
  LatentCode a_, b_;
  std::string a_name_, b_name_;
  std::vector<bool> moving_;  // per layer: ticked layers move with t
  bool slerp_ = false;
  float t_ = 0;
  int n_ = 8;
  // The strip: resubmitted when anything it shows changed.
  std::unique_ptr<ImageView> view_;
  std::optional<DecodeResult> shown_;
  std::string error_, last_export_;
  bool animation_pending_ = false;
  std::string animation_extension_ = "gif";
  std::string submitted_key_;
  uint64_t submitted_snapshot_ = 0;
};

}  // namespace vlae::ui
