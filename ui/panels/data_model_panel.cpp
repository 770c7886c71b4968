#include "ui/panels/data_model_panel.h"

#include <algorithm>
#include <chrono>

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"

namespace vlae::ui {
namespace {

bool same_config(const RunConfig& a, const RunConfig& b) { return to_json(a) == to_json(b); }

// A combo over fixed strings that edits `value`.
bool combo(const char* label, std::string& value, const std::vector<std::string>& options) {
  bool changed = false;
  if (ImGui::BeginCombo(label, value.c_str())) {
    for (const auto& o : options) {
      const bool selected = o == value;
      if (ImGui::Selectable(o.c_str(), selected)) {
        changed = o != value;
        value = o;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace

std::optional<RunConfig> DataModelPanel::pending_draft(const Workspace& ws) const {
  if (!ws.config() || !ws.never_trained() || !draft_valid()) return std::nullopt;
  if (same_config(*ws.config(), draft_)) return std::nullopt;
  return draft_;
}

void DataModelPanel::revalidate() {
  draft_error_.clear();
  try {
    validate(draft_, "settings");
  } catch (const std::exception& e) {
    draft_error_ = one_line(e.what());
  }
}

void DataModelPanel::load(UiContext& ctx, const std::string& path) {
  load_path_ = path;
  ctx.workspace.open_path(path, ctx.data_dir, false);
}

void DataModelPanel::draw_data_and_preset(UiContext& ctx) {
  if (!listed_ && !listing_.valid()) {
    listing_ = std::async(std::launch::async, [data_dir = ctx.data_dir] {
      Listing l;
      try {
        l.datasets = list_datasets(data_dir);
        l.presets = preset_names();
      } catch (const std::exception& e) {
        l.error = one_line(e.what());
      }
      return l;
    });
  }
  if (listing_.valid() && listing_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    Listing l = listing_.get();
    datasets_ = std::move(l.datasets);
    presets_ = std::move(l.presets);
    if (!l.error.empty()) ctx.errors.add(l.error);
    listed_ = true;
  }
  std::string preview = draft_.data;
  if (ImGui::BeginCombo("data set", preview.c_str())) {
    if (!listed_) ImGui::TextDisabled("listing the data sets ...");
    for (const auto& d : datasets_) {
      const std::string label = d.name + (d.available ? "  " + d.shape : "  (not here: " + d.source + ")");
      if (ImGui::Selectable(label.c_str(), d.name == draft_.data)) {
        draft_.data = d.name;
        revalidate();
      }
    }
    ImGui::EndCombo();
  }
  layout_dump().item("data_combo");
  if (ImGui::InputText("data spec", &draft_.data)) revalidate();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("a registered name or KIND:PATH, e.g. idx:/path/to/folder");
  std::string preset = draft_.preset;
  if (combo("preset", preset, presets_)) {
    try {
      draft_ = load_preset(preset);
    } catch (const std::exception& e) {
      ctx.errors.add(one_line(e.what()));
    }
    revalidate();
  }
}

bool DataModelPanel::draw_settings() {
  bool changed = false;
  ModelConfig& m = draft_.model;
  TrainConfig& t = draft_.train;
  int layers = m.layers();
  ImGui::SetNextItemWidth(px(120));
  if (ImGui::InputInt("layers", &layers)) {
    layers = std::clamp(layers, 1, 8);
    m.latent_dims.resize(size_t(layers), 2);
    changed = true;
  }
  ImGui::Text("latent dims (bottom -> top)");
  for (size_t l = 0; l < m.latent_dims.size(); ++l) {
    ImGui::PushID(int(l));
    if (l) ImGui::SameLine();
    ImGui::SetNextItemWidth(px(44));
    changed |= ImGui::InputInt("##dim", &m.latent_dims[l], 0);
    m.latent_dims[l] = std::clamp(m.latent_dims[l], 1, 64);
    ImGui::PopID();
  }
  ImGui::SetNextItemWidth(px(120));
  changed |= ImGui::InputDouble("learning rate", &t.lr, 0, 0, "%.2e");
  ImGui::SetNextItemWidth(px(120));
  changed |= ImGui::InputInt("batch", &t.batch, 0);
  ImGui::SetNextItemWidth(px(120));
  changed |= combo("KL warm-up", t.kl_warmup, {"exp", "linear", "none"});
  if (t.kl_warmup != "none") {
    ImGui::SetNextItemWidth(px(120));
    changed |= ImGui::InputDouble("warm-up steps", &t.kl_warmup_steps, 0, 0, "%.0f");
  }
  ImGui::SetNextItemWidth(px(120));
  changed |= combo("likelihood", m.likelihood, {"gaussian", "bernoulli"});
  if (m.likelihood == "gaussian") {
    ImGui::SetNextItemWidth(px(120));
    changed |= ImGui::InputDouble("recon scale", &m.recon_scale, 0, 0, "%.3g");
  }
  ImGui::SetNextItemWidth(px(120));
  changed |= ImGui::InputScalar("seed", ImGuiDataType_U64, &t.seed);
  ImGui::SetNextItemWidth(px(120));
  changed |= ImGui::InputScalar("target steps", ImGuiDataType_S64, &t.steps);
  return changed;
}

void DataModelPanel::draw(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != run_id_ && ws.config()) {
    // A different run is open: show its settings.
    run_id_ = ws.run_id();
    draft_ = *ws.config();
    revalidate();
  }
  const bool editable = !ws.opening() && (!ws.has_run() || ws.never_trained());

  if (ws.opening())
    ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "opening %s ...", ws.opening_what().c_str());
  else if (ws.has_run())
    ImGui::TextWrapped("run: %s", ws.label().c_str());
  // Where the images came from (a folder's cache) and how many files were skipped as unreadable.
  if (const auto& data = ws.heldout(); data && !data->note.empty() && !ws.opening())
    ImGui::TextWrapped("data: %s", data->note.c_str());
  else if (!ws.has_run() && !ws.opening())
    ImGui::TextDisabled("no run open");
  ImGui::Separator();

  ImGui::BeginDisabled(!editable);
  draw_data_and_preset(ctx);
  if (draw_settings()) revalidate();
  ImGui::EndDisabled();
  if (!editable && ws.has_run())
    ImGui::TextDisabled(ws.trainable()                              ? "settings are fixed once a run has trained"
                        : ws.source()->kind() == RunKind::Following ? "following: the settings are the trainer's"
                                                                    : "viewing a checkpoint");
  if (!draft_error_.empty())
    ImGui::TextColored(ImVec4(1, 0.35f, 0.35f, 1), "%s", draft_error_.c_str());
  else if (pending_draft(ws))
    ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "changed: Start or New run applies it");

  ImGui::Separator();
  ImGui::BeginDisabled(ws.opening() || !draft_valid());
  if (ImGui::Button("New run")) ws.open_new(draft_, ctx.data_dir, false);
  layout_dump().item("new_run");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!ws.control());
  if (ImGui::Button("Save")) ws.control()->save_now();
  layout_dump().item("save");
  ImGui::EndDisabled();

  ImGui::SetNextItemWidth(-130);
  const bool enter = ImGui::InputTextWithHint("##load_path", "run folder or checkpoint.pt", &load_path_,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  layout_dump().item("load_path");
  ImGui::SameLine();
  ImGui::BeginDisabled(ws.opening());
  if (ImGui::Button("Load") || enter) load(ctx, load_path_);
  layout_dump().item("load");
  ImGui::SameLine();
  // Follow: watch a run that another process (vlae train, a distributed job) is writing.
  if (ImGui::Button("Follow")) ctx.workspace.follow_path(load_path_, ctx.data_dir);
  layout_dump().item("follow");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Follow a run another process trains: live curves, newest checkpoint");
  ImGui::EndDisabled();
}

}  // namespace vlae::ui
