#pragma once
// Latent arithmetic per layer: A - B + C on the ticked layers (the others keep the explorer's
// code), with A, B and C taken from the explorer's code (click a thumbnail or a dot first): e.g.
// a bold 7 - a thin 7 + a thin 2 on the bottom layer asks whether stroke width adds like a vector.
#include <string>
#include <vector>

#include "core/explore/latent_code.h"
#include "ui/app/ui_context.h"

namespace vlae::ui {

class ExplorerPanel;

class ArithmeticTool {
 public:
  void draw(UiContext& ctx, ExplorerPanel& explorer);
  void reset();

 private:
  LatentCode codes_[3];  // A, B, C
  std::string names_[3];
  std::vector<bool> layers_;
};

}  // namespace vlae::ui
