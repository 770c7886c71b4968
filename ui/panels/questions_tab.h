#pragma once
// Questions: the Figures tab where a user asks the layers directed questions about the codes on
// the explorer's pads: attribute directions, box / lasso selections, latent arithmetic and the
// nearest training images.
#include <cstdint>
#include <string>

#include "ui/app/ui_context.h"
#include "ui/panels/arithmetic_tool.h"
#include "ui/panels/direction_tool.h"
#include "ui/panels/neighbours_tool.h"
#include "ui/panels/selection_tool.h"

namespace vlae::ui {

class ExplorerPanel;

class QuestionsTab {
 public:
  // One tab item inside the caller's tab bar; reads and sets the explorer's code.
  void draw(UiContext& ctx, ExplorerPanel& explorer);

 private:
  uint64_t run_id_ = 0;
  uint64_t seen_selection_ = 0;
  std::string select_once_;  // the inner tab to bring forward at the next draw
  DirectionTool directions_;
  SelectionTool selection_;
  ArithmeticTool arithmetic_;
  NeighboursTool neighbours_;
};

}  // namespace vlae::ui
