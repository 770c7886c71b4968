#pragma once
// Attribute directions in the explorer: from the pads' held-out codes, the mean code of one label
// (class or factor value) or of one pad selection minus that of another, in every layer. A t
// slider moves the explorer's code along the chosen layer's direction; a strip shows the code
// moved along each layer's own direction, so a layer that holds the attribute (top: digit
// identity) visibly changes the image where the others do not. Saved as `vlae direction` writes it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/code_direction.h"
#include "core/explore/decode_service.h"
#include "core/explore/latent_map_job.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class ExplorerPanel;

class DirectionTool {
 public:
  void draw(UiContext& ctx, ExplorerPanel& explorer);
  // The selection tool's "Direction A -> B": directions between the kept and the current selection.
  void use_selections() { from_selections_ = true; }
  void reset();

 private:
  void draw_source(const LatentMap& map, ExplorerPanel& explorer);
  void update_directions(ExplorerPanel& explorer);
  void draw_strip(UiContext& ctx, ExplorerPanel& explorer);
  void save(UiContext& ctx);

  bool from_selections_ = false;
  int attribute_ = 0;  // 0: class (or the first factor when there are no classes); k: factor k-1 otherwise
  int64_t from_ = -1, to_ = -1;
  int layer_ = -1;  // the t slider's layer; -1: the top
  float t_ = 0;
  LatentCode slider_base_;  // the code at t = 0 while the slider is held
  int n_ = 7;
  float range_ = 2.0f;
  std::vector<AttributeDirection> directions_;  // per layer, bottom -> top; empty when not computable
  std::string error_, key_;
  std::unique_ptr<ImageView> view_;
  std::optional<DecodeResult> shown_;
  std::vector<LatentCode> submitted_codes_;  // of the strip's newest request
  uint64_t strip_digest_ = 0;                // of the strip shown
  std::string strip_error_, last_export_;
  uint64_t strip_snapshot_ = 0;
};

}  // namespace vlae::ui
