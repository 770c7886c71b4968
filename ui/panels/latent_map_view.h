#pragma once
// The held-out set on the explorer's pads: each image's posterior mean a dot, coloured by class
// (or by a chosen factor), re-encoded off the UI thread whenever the weights change. Hovering a
// dot shows its image; the panel turns a click into a code.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/explore/latent_map_job.h"
#include "core/explore/principal_axes.h"
#include "ui/app/ui_context.h"
#include "ui/gl/texture.h"
#include "ui/widgets/latent_pad.h"

namespace vlae::ui {

// How a pad shows a layer: two of its dims, or (a wider layer, when asked and a map exists) its
// first two principal axes over the held-out codes.
struct PadProjection {
  std::array<int, 2> dims{0, 1};
  bool pca = false;
  PrincipalAxes axes;  // pca only
  ImVec2 project(const std::vector<float>& z) const;
  // Moves z so that its projection goes from `from` to `to` (pca: along the two axes only).
  void move(std::vector<float>& z, ImVec2 from, ImVec2 to) const;
};

// Dots chosen on a pad by a box or lasso: indices into the map (they stay valid when the map is
// re-encoded, since the map always holds the same held-out images in the same order).
struct DotSelection {
  int layer = -1;  // the pad it was drawn on; -1: none made yet
  std::vector<size_t> dots;
  bool lasso = false;
};

class LatentMapView {
 public:
  // Once per frame: asks for a new map when the weights changed, takes a finished one.
  void update(UiContext& ctx);
  // "N held-out images, coloured by [class]" with the colour of each value.
  void draw_legend();
  bool has_map() const { return map_.has_value() && !map_->means.empty(); }
  size_t size() const { return map_ ? map_->means.size() : 0; }
  // The projection of `layer` a pad asked for (principal axes need a map; without one, the dims).
  PadProjection projection(int layer, std::array<int, 2> dims, bool pca);
  // The dots of `layer` under the projection; null without a map.
  const PadDots* dots(int layer, const PadProjection& projection);
  // The pad's half-width: the data's extent, never less than `at_least`.
  float range(int layer, const PadProjection& projection, float at_least) const;
  const LatentCode& code(int dot) const { return map_->means[size_t(dot)]; }
  const LatentMap* map() const { return has_map() ? &*map_ : nullptr; }
  uint64_t version() const { return version_; }  // increases with each new map
  // Per layer, per dim: the posterior's KL to the prior averaged over the map's codes (nats).
  const std::vector<std::vector<double>>& dim_kl() const { return dim_kl_; }
  uint64_t selection_version() const { return selection_version_; }  // increases with each selection
  // The dots of `layer` inside `outline` (latent units of the pad's projection) become the selection.
  void select(int layer, const PadProjection& projection, const std::vector<ImVec2>& outline, bool lasso);
  const DotSelection& selection() const { return selection_; }
  const DotSelection& kept() const { return kept_; }
  void keep_selection() { kept_ = selection_; }  // "A" of a direction between two selections
  void clear_selection();
  // A tooltip with the dot's image and its label.
  void show_hover(UiContext& ctx, int dot);
  // Layout-dump entries for tests: the dot count, and one dot far from the others with its code.
  void dump(int layer, const PadEvents& ev);
  void reset();

 private:
  std::string value_name(size_t dot) const;
  int64_t colour_value(size_t dot) const;

  LatentMapJob job_;
  std::optional<LatentMap> map_;
  uint64_t requested_snapshot_ = 0, requested_run_ = 0;
  std::string reported_error_;
  int colour_by_ = 0;  // 0: class; k: factor k-1
  DotSelection selection_, kept_;
  std::vector<std::vector<double>> dim_kl_;
  uint64_t selection_version_ = 0;
  // Per layer: the dots built for (dims, map version, colouring).
  struct Built {
    std::array<int, 2> dims{-1, -1};
    bool pca = false;
    uint64_t version = 0;
    int colour_by = -1;
    uint64_t selection_version = 0;
    PadDots dots;
    int lonely = -1;  // a dot far from its neighbours: tests click it
  };
  std::vector<Built> built_;
  std::vector<std::pair<uint64_t, PrincipalAxes>> axes_;  // per layer, with the map version they fit
  uint64_t version_ = 0;
  Texture hover_texture_;
  int hover_dot_ = -1;
};

}  // namespace vlae::ui
