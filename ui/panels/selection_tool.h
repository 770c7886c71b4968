#pragma once
// A box or lasso selection of held-out dots on a pad (Ctrl-drag, Ctrl-Shift-drag): its images in
// a strip, its classes counted, its codes exported as CSV, its mean code taken as the explorer's
// code, and kept as A so that the next selection B gives the direction from A to B.
#include <cstdint>
#include <string>
#include <vector>

#include "ui/app/ui_context.h"
#include "ui/widgets/image_strip.h"

namespace vlae::ui {

class ExplorerPanel;

class SelectionTool {
 public:
  // Returns true when the user asked for the direction between the kept and the current selection.
  bool draw(UiContext& ctx, ExplorerPanel& explorer);
  void reset();

 private:
  void export_csv(UiContext& ctx, ExplorerPanel& explorer);

  ImageStrip strip_;
  uint64_t strip_version_ = 0;  // the selection version the strip shows
  const void* strip_data_ = nullptr;
  std::string last_export_;
};

}  // namespace vlae::ui
