#pragma once
// What every panel gets each frame: the open run, the error banner, the shared image program.
#include <string>

#include "ui/app/error_log.h"
#include "ui/app/figure_tabs.h"
#include "ui/app/workspace.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

struct UiContext {
  Workspace& workspace;
  ErrorLog& errors;
  const ImageProgram* image_program = nullptr;  // null when the shaders failed (banner says why)
  std::string data_dir;
  std::string exports_dir = "exports";
  double now = 0;                     // seconds, for throttling refreshes
  FigureTabs* figure_tabs = nullptr;  // the Figures window's open tab
};

// Decode-service slots: one per view, each keeps only its newest request. The decoder serves the
// lowest pending slot first, so the sliders (and a clicked thumbnail) never wait behind a grid.
enum DecodeSlot : int {
  SlotCode = 0,
  SlotEncode = 1,
  SlotTraverse = 2,
  SlotExportAll = 3,
  SlotSamples = 4,
  SlotRecon = 5,
  SlotGibbs = 6,
  SlotInterpolate = 7,
  SlotExportGif = 8,            // the Traversal tab's animations
  SlotExportInterpolation = 9,  // the Interpolation tab's
  SlotDirection = 10            // the Questions tab's strip along a direction
};

}  // namespace vlae::ui
