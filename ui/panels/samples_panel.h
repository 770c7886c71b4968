#pragma once
// Samples & reconstructions: ancestral samples from the prior and held-out images beside their
// reconstructions, refreshed as training publishes new weights.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/explore/decode_service.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class SamplesPanel {
 public:
  // Two tab items (Samples, Reconstructions) inside the caller's tab bar.
  void draw_tabs(UiContext& ctx);
  // The part of RUN/explorer.json this panel keeps: its settings.
  void save_state(nlohmann::json& state) const;
  void restore_state(const nlohmann::json& state);

 private:
  // One refreshing grid view (samples or reconstructions).
  struct GridView {
    int slot = 0;
    std::unique_ptr<ImageView> view;
    std::optional<DecodeResult> shown;
    std::string error;
    uint64_t submitted_snapshot = 0, submitted_pick = 0;
    double submitted_at = -1e9;
    int submitted_n = 0;
    uint64_t submitted_seed = 0;
    std::vector<float> submitted_temperature;
    bool submitted_once = false;
  };
  static GridView grid_view(int slot) {
    GridView g;
    g.slot = slot;
    return g;
  }
  void draw_controls();
  // Samples only: a temperature slider per layer, top first, as the explorer lists the layers.
  void draw_temperatures(int layers);
  void draw_grid(UiContext& ctx, GridView& g, DecodeKind kind, const char* stem);

  uint64_t run_id_ = 0;
  GridView samples_ = grid_view(SlotSamples), recon_ = grid_view(SlotRecon);
  int n_ = 8;
  uint64_t seed_ = 0;
  std::vector<float> temperature_;  // bottom -> top; 1 draws a layer from the prior, 0 holds it at 0
  std::string last_export_;
};

}  // namespace vlae::ui
