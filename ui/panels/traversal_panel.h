#pragma once
// Traversal: the paper's figures for the open weights. One layer (grid sweep as in Figure 5, or
// resampling as in Figures 6-7) or every layer side by side; Export writes PNG + JSON sidecar
// exactly as `vlae traverse` does, numbered under exports/; Export GIF / MP4 animate the sweep.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/decode_service.h"
#include "core/explore/traverse_spec.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class TraversalPanel {
 public:
  void draw(UiContext& ctx);
  // Each layer's KL per dim (bottom -> top) on the held-out codes, for ordering a wide layer's dims.
  void set_dim_kl(std::vector<std::vector<double>> kl) { dim_kl_ = std::move(kl); }
  // The part of RUN/explorer.json this panel keeps: the figure's settings.
  void save_state(nlohmann::json& state) const;
  void restore_state(const nlohmann::json& state);

 private:
  struct Params {
    int layer = -1;  // -1: the top layer (set when a run opens); layers() means "all layers"
    TraverseSpec spec;
    bool by_kl = true;        // a wider layer's grid sweeps its two dims with the most KL, else d1 and d2
    Params() { spec.n = 8; }  // 8x8 MNIST cells fit the default layout at 2x; 10x10 only at 1x
    bool operator==(const Params& o) const {
      return layer == o.layer && spec.mode == o.spec.mode && spec.n == o.spec.n && spec.range == o.spec.range &&
             spec.others_fixed == o.spec.others_fixed && spec.seed == o.spec.seed && spec.dims == o.spec.dims &&
             by_kl == o.by_kl;
    }
  };
  DecodeRequest request(const Params& p, int layers) const;
  void take_results(UiContext& ctx);
  void export_result(UiContext& ctx, const DecodeResult& r, const std::string& stem);
  void export_animation(UiContext& ctx, const DecodeResult& r);
  bool draw_controls(int layers);
  void draw_dims(int layers);

  uint64_t run_id_ = 0;
  Params params_, submitted_;
  bool submitted_once_ = false;
  uint64_t submitted_snapshot_ = 0, submitted_pick_ = 0;
  double submitted_at_ = -1e9;
  std::unique_ptr<ImageView> view_;
  std::optional<DecodeResult> shown_;
  std::string shown_stem_, export_all_stem_;
  std::map<uint64_t, std::string> stems_;  // file stem of each submitted request, by generation
  bool export_all_pending_ = false;
  bool export_gif_pending_ = false;  // an animation (GIF or MP4) is being rendered
  std::string animation_extension_ = "gif";
  std::string last_export_, error_;
  std::vector<std::vector<double>> dim_kl_;
};

}  // namespace vlae::ui
