#include "ui/app/explorer_app.h"

#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "core/data/image_files.h"
#include "core/data/registry.h"
#include "core/run/run_folder.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/gl/shader.h"
#include "ui/panels/error_banner.h"

namespace vlae::ui {
namespace {

// The preset's config with --data applied; without --data, mnist falls back to the built-in
// shapes set when it has not been fetched (said once on stderr when `announce`).
RunConfig initial_config(const AppOptions& o, const std::string& data_dir, ErrorLog& errors, bool announce) {
  RunConfig c;
  try {
    c = load_preset(o.preset);
    if (!o.data.empty()) {
      c.data = o.data;
    } else {
      std::string why;
      c.data = default_data_for(c.data, data_dir, why);
      if (announce && !why.empty()) std::fprintf(stderr, "vlae-explorer: %s\n", why.c_str());
    }
  } catch (const std::exception& e) {
    errors.add(one_line(e.what()));
  }
  return c;
}

// First-use placement in fractions of the window; afterwards imgui.ini remembers the user's layout.
void place(float x, float y, float w, float h, float W, float H) {
  ImGui::SetNextWindowPos(ImVec2(x * W, y * H), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(w * W, h * H), ImGuiCond_FirstUseEver);
}

}  // namespace

ExplorerApp::ExplorerApp(const AppOptions& o)
    : ui_scale_choice_(o.ui_scale),
      workspace_(errors_),
      data_dir_(o.data_dir.empty() ? default_data_dir() : o.data_dir),
      data_panel_(initial_config(o, data_dir_, errors_, true)) {
  if (!o.follow.empty()) {
    data_panel_.set_load_path(o.follow);
    workspace_.follow_path(o.follow, data_dir_);
  } else if (!o.run.empty()) {
    data_panel_.set_load_path(o.run);
    workspace_.open_path(o.run, data_dir_, o.train);
  } else if (errors_.empty()) {
    workspace_.open_new(initial_config(o, data_dir_, errors_, false), data_dir_, o.train);
  }
}

ExplorerApp::~ExplorerApp() = default;

void ExplorerApp::init_gl() {
  image_program_ = std::make_unique<ImageProgram>();
  try {
    image_program_->build(find_shaders_dir());
  } catch (const std::exception& e) {
    // Images still show (plain textures, nearest filtering); the banner says what broke.
    errors_.add(one_line(e.what(), 1000));
    image_program_.reset();
  }
}

void ExplorerApp::open_dropped(const std::string& path) {
  UiContext ctx{workspace_, errors_, image_program_.get(), data_dir_};
  // Images (or a folder of them) join the thumbnails; run folders and checkpoints open as runs.
  std::error_code ec;
  const bool image_folder = std::filesystem::is_directory(path, ec) && !is_run_folder(path);
  if (has_image_extension(path) || image_folder)
    explorer_panel_.add_own_images(ctx, {path});
  else
    data_panel_.load(ctx, path);
}

void ExplorerApp::undo(bool redo) {
  if (!ImGui::GetIO().WantTextInput) explorer_panel_.undo(redo);
}

void ExplorerApp::toggle_pause() {
  UiContext ctx{workspace_, errors_, image_program_.get(), data_dir_};
  training_panel_.toggle_pause(ctx);
}

void ExplorerApp::request_close(bool force) {
  if (closing_) return;
  if (workspace_.has_unsaved_steps() && !force) {
    ask_close_ = true;
    return;
  }
  closing_ = true;
  if (workspace_.has_unsaved_steps())
    std::printf("vlae-explorer: saving step %lld of %s before closing\n", (long long)workspace_.status().step,
                workspace_.status().run_dir.c_str());
  std::fflush(stdout);
  workspace_.close_run();  // the session saves unsaved steps as it shuts down
}

void ExplorerApp::draw_close_prompt() {
  if (ask_close_) {
    ImGui::OpenPopup("Close run?");
    ask_close_ = false;
  }
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Close run?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const RunStatus& st = workspace_.status();
    if (st.saved_step >= 0)
      ImGui::Text("The run is at step %lld; its last checkpoint holds step %lld.", (long long)st.step,
                  (long long)st.saved_step);
    else
      ImGui::Text("The run is at step %lld and has no checkpoint yet.", (long long)st.step);
    ImGui::Text("Save and close writes a checkpoint of step %lld first.", (long long)st.step);
    if (ImGui::Button("Save and close", ImVec2(px(140), 0))) {
      ImGui::CloseCurrentPopup();
      request_close(true);
    }
    layout_dump().item("close_save");
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(px(90), 0))) ImGui::CloseCurrentPopup();
    layout_dump().item("close_cancel");
    ImGui::EndPopup();
  }
  if (closing_) {
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::Begin("##closing", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::Text("saving the run and closing ...");
    ImGui::End();
  }
}

void ExplorerApp::keep_view_state(double now) {
  if (workspace_.run_id() != state_run_id_) {
    // Panels reset themselves for the new run while drawing this frame; then they take its state.
    state_run_id_ = workspace_.run_id();
    const RunSource* source = workspace_.source();
    const bool ours = source && source->kind() == RunKind::Training && !workspace_.status().run_dir.empty();
    std::string error;
    const nlohmann::json state = view_state_.open(ours ? RunPaths(workspace_.status().run_dir).explorer : "", error);
    if (!error.empty()) errors_.add(error);
    explorer_panel_.restore_state(state);
    interpolation_tab_.restore_state(state);
    traversal_panel_.restore_state(state);
    samples_panel_.restore_state(state);
    gibbs_tab_.restore_state(state);
    if (state.contains("tab") && state["tab"].is_string()) figure_tabs_.select_once = state["tab"].get<std::string>();
    return;
  }
  if (!workspace_.has_run()) return;
  nlohmann::json state = nlohmann::json::object();
  explorer_panel_.save_state(state);
  interpolation_tab_.save_state(state);
  traversal_panel_.save_state(state);
  samples_panel_.save_state(state);
  gibbs_tab_.save_state(state);
  if (!figure_tabs_.open.empty()) state["tab"] = figure_tabs_.open;
  view_state_.offer(state, now);
}

void ExplorerApp::draw_keys_overlay() {
  layout_dump().state()["keys_overlay"] = show_keys_;
  if (!show_keys_) return;
  const ImVec2 centre(ImGui::GetIO().DisplaySize.x / 2, ImGui::GetIO().DisplaySize.y / 2);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  if (ImGui::Begin("Keys (F1 closes)", &show_keys_, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
    static const char* keys[][2] = {
        {"Space", "pause / resume training"},
        {"Ctrl+Z", "undo a change of the code (100 steps)"},
        {"Ctrl+Shift+Z", "redo it"},
        {"F1", "this list"},
        {"Ctrl+= / Ctrl+-", "UI larger / smaller (kept for next time)"},
        {"Ctrl+0", "UI scale of the monitor again"},
        {"drag a pad", "move a layer's code through its plane"},
        {"double-click a pad", "that layer's code back to the origin"},
        {"click a dot on a pad", "that image's code for the layer"},
        {"Shift-click a dot", "that image's code for every layer"},
        {"click a thumbnail", "encode it into the sliders"},
        {"drop files on the window", "images: encode beside the thumbnails; a run folder or .pt: open it"},
        {"Enter in a path field", "load, follow or add what it names"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
      for (const auto& k : keys) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(k[0]);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextDisabled("%s", k[1]);
      }
      ImGui::EndTable();
    }
    layout_dump().item("keys_overlay");
    ImGui::Separator();
    draw_ui_scale_setting();
  }
  ImGui::End();
}

void ExplorerApp::draw_ui_scale_setting() {
  float scale = ui_scale();
  ImGui::SetNextItemWidth(px(160));
  ImGui::SliderFloat("UI scale", &scale, kMinUiScale, kMaxUiScale, "%.2fx");
  // On release only: each change rebuilds the font atlas.
  if (ImGui::IsItemDeactivatedAfterEdit()) ui_scale_choice_.choose(scale);
  layout_dump().item("ui_scale");
  ImGui::SameLine();
  if (ImGui::Button("Monitor's")) ui_scale_choice_.reset();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("follow the monitor's content scale");
}

void ExplorerApp::frame(double now) {
  layout_dump().begin_frame();
  workspace_.poll();
  UiContext ctx{workspace_, errors_, image_program_.get(), data_dir_};
  ctx.now = now;
  ctx.figure_tabs = &figure_tabs_;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float W = display.x, H = display.y;

  // Three columns: settings and training | the explorer | curves and figures.
  place(0.000f, 0.00f, 0.235f, 0.50f, W, H);
  if (ImGui::Begin("Data & model")) data_panel_.draw(ctx);
  ImGui::End();
  place(0.000f, 0.50f, 0.235f, 0.50f, W, H);
  if (ImGui::Begin("Training")) training_panel_.draw(ctx, data_panel_.pending_draft(workspace_));
  ImGui::End();
  place(0.235f, 0.00f, 0.355f, 1.00f, W, H);
  if (ImGui::Begin("Explorer")) explorer_panel_.draw(ctx);
  ImGui::End();
  place(0.590f, 0.00f, 0.410f, 0.32f, W, H);
  if (ImGui::Begin("Loss curves")) loss_panel_.draw(ctx);
  ImGui::End();
  // The figures share one window as tabs: each needs the room of a large grid.
  place(0.590f, 0.32f, 0.410f, 0.68f, W, H);
  if (ImGui::Begin("Figures")) {
    if (ImGui::BeginTabBar("figures")) {
      if (begin_figure_tab(&figure_tabs_, "Traversal")) {
        traversal_panel_.set_dim_kl(explorer_panel_.map_view().dim_kl());
        traversal_panel_.draw(ctx);
        ImGui::EndTabItem();
      }
      samples_panel_.draw_tabs(ctx);
      gibbs_tab_.draw(ctx);
      hierarchy_tab_.draw(ctx);
      interpolation_tab_.draw(ctx, explorer_panel_);
      questions_tab_.draw(ctx, explorer_panel_);
      ImGui::EndTabBar();
    }
  }
  ImGui::End();

  keep_view_state(now);
  draw_keys_overlay();
  draw_error_banner(errors_, W);
  draw_close_prompt();
  layout_dump().state()["opening"] = workspace_.opening();
  layout_dump().state()["ui_scale"] = ui_scale();
  layout_dump().state()["figure_tab"] = figure_tabs_.open;
  layout_dump().state()["run"] = workspace_.label();
  if (!closing_) layout_dump().end_frame();  // the last dump shows the last real frame
}

}  // namespace vlae::ui
