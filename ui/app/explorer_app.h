#pragma once
// The explorer's UI as a whole: the open run, the panels, the banner and the close prompt.
// main() owns the window and the frame loop; this builds one frame of widgets per call.
#include <memory>
#include <string>
#include <vector>

#include "ui/app/error_log.h"
#include "ui/app/ui_context.h"
#include "ui/app/ui_scale.h"
#include "ui/app/workspace.h"
#include "ui/gl/image_view.h"
#include "ui/panels/data_model_panel.h"
#include "ui/app/view_state.h"
#include "ui/panels/explorer_panel.h"
#include "ui/panels/interpolation_tab.h"
#include "ui/panels/questions_tab.h"
#include "ui/panels/gibbs_tab.h"
#include "ui/panels/hierarchy_tab.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/samples_panel.h"
#include "ui/panels/training_panel.h"
#include "ui/panels/traversal_panel.h"

namespace vlae::ui {

struct AppOptions {
  std::string run;  // run folder or checkpoint; empty: a new run
  std::string preset = "mnist";
  std::string data;      // overrides the preset's data set
  std::string data_dir;  // empty: $VLAE_DATA_DIR or ./data
  bool train = false;
  std::string follow;  // a run folder another process trains: follow its files, read only
  float ui_scale = 0;  // --ui-scale; 0: the one kept last time, else the monitor's
};

class ExplorerApp {
 public:
  explicit ExplorerApp(const AppOptions& options);
  ~ExplorerApp();

  // Needs the GL context: builds the image shaders (failures go to the banner).
  void init_gl();
  // One frame of widgets; `now` in seconds.
  void frame(double now);
  void open_dropped(const std::string& path);
  // The Space key: pause / resume training, unless a text field has the keyboard.
  void toggle_pause();
  // Ctrl+Z / Ctrl+Shift+Z on the explorer's code, unless a text field has the keyboard (its own undo).
  void undo(bool redo);
  void toggle_keys_overlay() { show_keys_ = !show_keys_; }  // F1
  // Ctrl+= / Ctrl+- / Ctrl+0 and the F1 window's slider; the window applies it between frames.
  UiScaleChoice& ui_scale_choice() { return ui_scale_choice_; }

  // Window close: asks first when steps are unsaved (force: save without asking, e.g. SIGTERM).
  void request_close(bool force);
  bool finished() const { return closing_ && !workspace_.closing(); }

  Workspace& workspace() { return workspace_; }
  ErrorLog& errors() { return errors_; }

 private:
  void draw_close_prompt();
  // RUN/explorer.json: restored when a run opens, written as the view changes.
  void keep_view_state(double now);
  void draw_keys_overlay();      // F1
  void draw_ui_scale_setting();  // in the F1 window
  void layout_windows(float w, float h);

  ErrorLog errors_;
  UiScaleChoice ui_scale_choice_;
  FigureTabs figure_tabs_;
  Workspace workspace_;
  std::unique_ptr<ImageProgram> image_program_;
  std::string data_dir_;
  DataModelPanel data_panel_;
  TrainingPanel training_panel_;
  LossPanel loss_panel_;
  ExplorerPanel explorer_panel_;
  InterpolationTab interpolation_tab_;
  TraversalPanel traversal_panel_;
  SamplesPanel samples_panel_;
  GibbsTab gibbs_tab_;
  HierarchyTab hierarchy_tab_;
  QuestionsTab questions_tab_;
  bool ask_close_ = false, closing_ = false;
  ViewStateFile view_state_;
  uint64_t state_run_id_ = 0;
  bool show_keys_ = false;
};

}  // namespace vlae::ui
