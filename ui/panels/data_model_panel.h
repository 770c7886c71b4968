#pragma once
// Data & model: data set and preset pickers, the editable settings of a run that has not trained
// yet (the "draft"), and New / Load / Save.
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/data/registry.h"
#include "core/model/config.h"
#include "ui/app/ui_context.h"

namespace vlae::ui {

class DataModelPanel {
 public:
  explicit DataModelPanel(RunConfig initial) : draft_(std::move(initial)) {}
  void draw(UiContext& ctx);

  // The draft when it differs from the open, never-trained run (Start applies it first).
  std::optional<RunConfig> pending_draft(const Workspace& ws) const;
  bool draft_valid() const { return draft_error_.empty(); }
  void set_load_path(const std::string& path) { load_path_ = path; }
  // Load button and file drops share this.
  void load(UiContext& ctx, const std::string& path);

 private:
  void draw_data_and_preset(UiContext& ctx);
  bool draw_settings();
  void revalidate();

  RunConfig draft_;
  std::string draft_error_;
  std::string load_path_;
  uint64_t run_id_ = 0;
  // The data sets and presets, listed off the UI thread once (counting a folder of 200,000 faces
  // would freeze frames).
  struct Listing {
    std::vector<DatasetInfo> datasets;
    std::vector<std::string> presets;
    std::string error;
  };
  std::future<Listing> listing_;
  std::vector<DatasetInfo> datasets_;
  std::vector<std::string> presets_;
  bool listed_ = false;
};

}  // namespace vlae::ui
