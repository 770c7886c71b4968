#pragma once
// A square pad for a 2-dim latent layer: drag the point through the plane the way Figure 5
// sweeps it (the figure's +-2 square is outlined). Double-click returns it to the origin.
namespace vlae::ui {

struct PadEvents {
  bool changed = false;    // the point moved this frame
  bool activated = false;  // a drag (or reset) began this frame: keep the image as reference
};

PadEvents latent_pad(const char* id, float size, float& x, float& y, float range = 3.0f, float figure_range = 2.0f);

}  // namespace vlae::ui
