#include "ui/panels/training_panel.h"

#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"

namespace vlae::ui {

std::string format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "-";
  char buf[32];
  const long t = long(s + 0.5);
  if (t < 60)
    std::snprintf(buf, sizeof buf, "%lds", t);
  else if (t < 3600)
    std::snprintf(buf, sizeof buf, "%ldm %02lds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldh %02ldm", t / 3600, (t / 60) % 60);
  return buf;
}

namespace {

ImVec4 state_colour(RunState s) {
  switch (s) {
    case RunState::Running:
      return ImVec4(0.4f, 0.9f, 0.4f, 1);
    case RunState::Paused:
      return ImVec4(1, 0.85f, 0.3f, 1);
    case RunState::Failed:
      return ImVec4(1, 0.35f, 0.35f, 1);
    default:
      return ImVec4(0.8f, 0.8f, 0.8f, 1);
  }
}

// Commands can refuse values (vlae::Error); the banner shows why.
template <class F>
void command(UiContext& ctx, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    ctx.errors.add(one_line(e.what()));
  }
}

}  // namespace

void TrainingPanel::toggle_pause(UiContext& ctx) {
  RunControl* s = ctx.workspace.control();
  if (!s || ImGui::GetIO().WantTextInput) return;
  const RunState state = ctx.workspace.status().state;
  if (state == RunState::Running)
    s->pause();
  else if (state == RunState::Paused)
    s->resume();
}

void TrainingPanel::draw(UiContext& ctx, const std::optional<RunConfig>& pending) {
  Workspace& ws = ctx.workspace;
  RunControl* s = ws.control();
  const RunStatus& st = ws.status();
  if (ws.run_id() != run_id_ && s) {
    run_id_ = ws.run_id();
    lr_ = st.lr > 0 ? st.lr : ws.config()->train.lr;
    kl_weight_ = st.kl_weight;
    autosave_minutes_ = st.autosave_minutes;
    target_ = st.target_step;
  }
  const RunKind kind = ws.source() ? ws.source()->kind() : RunKind::Viewing;
  if (ws.source() && kind == RunKind::Following) {
    ImGui::TextWrapped("following a run another process trains (read only)");
    ImGui::Text("logged step %lld, weights of step %lld", (long long)st.logged_step, (long long)st.saved_step);
    ImGui::TextDisabled("%llu checkpoints loaded, last change %.0f s ago", (unsigned long long)st.checkpoint_loads,
                        st.seconds_since_change);
    layout_dump().state()["follow_checkpoint_step"] = st.saved_step;
    layout_dump().state()["follow_logged_step"] = st.logged_step;
  } else if (!s) {
    ImGui::TextDisabled(ws.has_run() ? "viewing a checkpoint: load its run folder to train"
                                     : (ws.opening() ? "opening ..." : "no run open"));
  }

  const RunState state = st.state;
  ImGui::Text("state");
  ImGui::SameLine(px(90));
  ImGui::TextColored(state_colour(state), "%s", s ? to_string(state) : "-");
  layout_dump().state()["session_state"] = s ? to_string(state) : "none";
  layout_dump().state()["step"] = st.step;
  layout_dump().state()["target_step"] = st.target_step;

  // Buttons. Start applies edited settings first (a new run), then trains.
  const bool can_start = s && (state == RunState::Idle || state == RunState::Stopped);
  ImGui::BeginDisabled(!(can_start || (pending && !ws.opening())));
  if (ImGui::Button("Start", ImVec2(px(70), 0))) {
    if (pending)
      ws.open_new(*pending, ctx.data_dir, true);
    else
      ws.start_training();
  }
  layout_dump().item("start");
  ImGui::EndDisabled();
  ImGui::SameLine();
  const bool paused = state == RunState::Paused;
  ImGui::BeginDisabled(!s || !(state == RunState::Running || paused));
  if (ImGui::Button(paused ? "Resume" : "Pause", ImVec2(px(70), 0))) paused ? s->resume() : s->pause();
  layout_dump().item("pause");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Space");
  ImGui::SameLine();
  ImGui::BeginDisabled(!s || state == RunState::Running || state == RunState::Failed);
  if (ImGui::Button("Step", ImVec2(px(60), 0))) s->step_once();
  layout_dump().item("step_button");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s || state == RunState::Stopped || state == RunState::Idle);
  if (ImGui::Button("Stop", ImVec2(px(60), 0))) s->stop();
  layout_dump().item("stop");
  ImGui::EndDisabled();

  if (!st.message.empty()) {
    const ImVec4 c = state == RunState::Failed ? ImVec4(1, 0.35f, 0.35f, 1) : ImVec4(1, 0.85f, 0.3f, 1);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::TextWrapped("%s", st.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();

  // Progress.
  const int batch = ws.config() ? ws.config()->train.batch : 1;
  const double steps_per_s = st.images_per_s / std::max(1, batch);
  const double eta = steps_per_s > 0 ? double(st.target_step - st.step) / steps_per_s : NAN;
  ImGui::Text("step");
  ImGui::SameLine(px(90));
  ImGui::Text("%lld / %lld", (long long)st.step, (long long)st.target_step);
  layout_dump().item("step_counter");
  const float frac = st.target_step > 0 ? float(double(st.step) / double(st.target_step)) : 0.0f;
  ImGui::ProgressBar(std::min(1.0f, frac), ImVec2(-1, 0));
  ImGui::Text("epoch");
  ImGui::SameLine(px(90));
  ImGui::Text("%lld", (long long)st.epoch);
  ImGui::Text("images/s");
  ImGui::SameLine(px(90));
  ImGui::Text("%.1f  (%.2f steps/s)", st.images_per_s, steps_per_s);
  ImGui::Text("elapsed");
  ImGui::SameLine(px(90));
  ImGui::Text("%s", format_duration(st.wall_s).c_str());
  ImGui::Text("ETA");
  ImGui::SameLine(px(90));
  ImGui::Text("%s", state == RunState::Running ? format_duration(eta).c_str() : "-");
  ImGui::Text("beta");
  ImGui::SameLine(px(90));
  ImGui::Text("%.4f", st.beta);
  ImGui::Separator();

  // Live settings: sent when an edit ends, read back from the status otherwise.
  ImGui::BeginDisabled(!s);
  ImGui::SetNextItemWidth(px(150));
  const double lr_lo = 1e-6, lr_hi = 1e-1;
  ImGui::SliderScalar("learning rate", ImGuiDataType_Double, &lr_, &lr_lo, &lr_hi, "%.2e",
                      ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemDeactivatedAfterEdit())
    command(ctx, [&] { s->set_lr(lr_); });
  else if (!ImGui::IsItemActive() && s && st.lr > 0)
    lr_ = st.lr;
  ImGui::SetNextItemWidth(px(150));
  const double kw_lo = 0, kw_hi = 4;
  ImGui::SliderScalar("KL weight", ImGuiDataType_Double, &kl_weight_, &kw_lo, &kw_hi, "%.3f");
  if (ImGui::IsItemDeactivatedAfterEdit())
    command(ctx, [&] { s->set_kl_weight(kl_weight_); });
  else if (!ImGui::IsItemActive() && s)
    kl_weight_ = st.kl_weight;
  ImGui::SetNextItemWidth(px(150));
  ImGui::InputScalar("target step", ImGuiDataType_S64, &target_);
  if (ImGui::IsItemDeactivatedAfterEdit())
    command(ctx, [&] { s->set_target_step(target_); });
  else if (!ImGui::IsItemActive() && s)
    target_ = st.target_step;
  ImGui::SetNextItemWidth(px(150));
  ImGui::InputDouble("autosave min", &autosave_minutes_, 0, 0, "%.1f");
  if (ImGui::IsItemDeactivatedAfterEdit())
    command(ctx, [&] { s->set_autosave_minutes(autosave_minutes_); });
  else if (!ImGui::IsItemActive() && s)
    autosave_minutes_ = st.autosave_minutes;
  ImGui::EndDisabled();
  if (s) {
    if (st.saved_step >= 0)
      ImGui::TextDisabled("saved step %lld, %s ago", (long long)st.saved_step,
                          format_duration(st.seconds_since_save).c_str());
    else
      ImGui::TextDisabled("not saved yet");
    if (!st.last_saved_path.empty()) ImGui::TextDisabled("%s", st.last_saved_path.c_str());
  }
}

}  // namespace vlae::ui
