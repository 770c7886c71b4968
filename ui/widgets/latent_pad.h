#pragma once
// A square pad for a 2-dim latent layer (or two dims of a wider one): drag the point through the
// plane the way Figure 5 sweeps it (the figure's +-2 square is outlined). Double-click returns it
// to the origin. With dots, the pad is a map of the data: each dot an image's code, hovering one
// reports it, clicking one picks it. Ctrl-drag draws a box and Ctrl-Shift-drag a lasso around dots
// to select them (the caller keeps the selection; the pad only reports the shape).
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace vlae::ui {

struct PadDots {
  std::vector<ImVec2> points;     // in latent units
  std::vector<ImU32> colours;     // one per point
  std::vector<uint8_t> selected;  // one per point when a selection is shown, else empty
};

struct PadEvents {
  bool changed = false;    // the point moved this frame
  bool activated = false;  // a drag (or reset) began this frame: keep the image as reference
  int hovered = -1;        // the dot under the mouse
  int picked = -1;         // the dot clicked this frame (the point jumps to it)
  // A box or lasso finished this frame: its outline in latent units (a box as its four corners).
  std::vector<ImVec2> selection;
  bool lasso = false;
  ImVec2 centre{0, 0};  // where the origin is drawn, and the scale, for a caller that marks dots
  float pixels_per_unit = 1;
};

PadEvents latent_pad(const char* id, float size, float& x, float& y, float range = 3.0f, float figure_range = 2.0f,
                     const PadDots* dots = nullptr);

}  // namespace vlae::ui
