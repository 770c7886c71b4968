#include "ui/panels/selection_tool.h"

#include <imgui.h>

#include <map>

#include "core/explore/code_statistics.h"
#include "core/explore/grid_file.h"
#include "core/explore/posterior_table.h"
#include "core/io/atomic_file.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/app/ui_scale.h"
#include "ui/panels/explorer_panel.h"

namespace vlae::ui {
namespace {

std::string describe(const DotSelection& s) {
  return std::to_string(s.dots.size()) + " codes on z" + std::to_string(s.layer + 1) +
         (s.lasso ? " (lasso)" : " (box)");
}

// "class 1: 40, class 7: 3" for the labelled dots of a selection.
std::string class_counts(const LatentMap& map, const std::vector<size_t>& dots) {
  if (map.labels.empty()) return "";
  std::map<int64_t, size_t> counts;
  for (size_t i : dots)
    if (i < map.labels.size()) ++counts[map.labels[i]];
  std::string s;
  for (const auto& [label, n] : counts) s += (s.empty() ? "" : ", ") + std::to_string(label) + ": " + std::to_string(n);
  return "classes " + s;
}

}  // namespace

void SelectionTool::reset() {
  strip_.clear();
  strip_version_ = 0;
  strip_data_ = nullptr;
  last_export_.clear();
}

void SelectionTool::export_csv(UiContext& ctx, ExplorerPanel& explorer) {
  const LatentMap* map = explorer.map_view().map();
  const DotSelection& sel = explorer.map_view().selection();
  try {
    PosteriorCodes table;
    for (const auto& layer : map->means.front()) table.dims.push_back(int(layer.size()));
    table.factor_names = map->factor_names;
    for (size_t i : sel.dots) {
      table.names.push_back("test:" + std::to_string(map->indices[i]));
      table.means.push_back(map->means[i]);
      table.sds.push_back(map->sds.at(i));
      if (!map->labels.empty()) table.labels.push_back(map->labels[i]);
      if (!map->factor_names.empty()) table.factors.push_back(map->factors[i]);
    }
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "selection", "csv");
    write_file_atomic(path, to_csv(table));
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("export failed: " + one_line(e.what()));
  }
}

bool SelectionTool::draw(UiContext& ctx, ExplorerPanel& explorer) {
  LatentMapView& view = explorer.map_view();
  const LatentMap* map = view.map();
  const DotSelection& sel = view.selection();
  auto& st = layout_dump().state();
  st["selection_last_export"] = last_export_;
  if (!map) {
    ImGui::TextDisabled("waiting for the held-out codes the pads show ...");
    return false;
  }
  bool want_direction = false;
  ImGui::TextDisabled("on a pad in the Explorer: Ctrl-drag a box, Ctrl-Shift-drag a lasso around dots");
  if (sel.layer < 0) {
    ImGui::TextUnformatted("no selection yet");
  } else if (sel.dots.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.4f, 1.0f), "the %s on z%d holds no held-out codes: draw it around dots",
                       sel.lasso ? "lasso" : "box", sel.layer + 1);
  } else {
    ImGui::Text("selection: %s", describe(sel).c_str());
    const std::string counts = class_counts(*map, sel.dots);
    if (!counts.empty()) ImGui::TextDisabled("%s", counts.c_str());
  }
  const bool empty = sel.dots.empty();
  ImGui::BeginDisabled(empty);
  if (ImGui::Button("Use mean")) {
    explorer.edited();
    explorer.set_code(mean_code(map->means, sel.dots), "selection mean");
  }
  layout_dump().item("sel_mean");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("the mean code of the selected images, every unlocked layer, as the explorer's code");
  ImGui::SameLine();
  if (ImGui::Button("Export CSV")) export_csv(ctx, explorer);
  layout_dump().item("sel_export");
  ImGui::SameLine();
  if (ImGui::Button("Keep as A")) view.keep_selection();
  layout_dump().item("sel_keep");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(sel.layer < 0);
  if (ImGui::Button("Clear")) view.clear_selection();
  layout_dump().item("sel_clear");
  ImGui::EndDisabled();

  const DotSelection& kept = view.kept();
  ImGui::Text("A: %s", kept.dots.empty() ? "-" : describe(kept).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(kept.dots.empty() || empty);
  if (ImGui::Button("Direction A -> B")) want_direction = true;
  layout_dump().item("sel_direction");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("keep one selection as A, select B, then see the direction from A to B in every layer");
  if (!last_export_.empty()) ImGui::TextDisabled("saved %s", last_export_.c_str());

  // The selected images themselves; a click takes that image's code (every layer).
  auto data = ctx.workspace.heldout();
  if (data && (strip_version_ != view.selection_version() || strip_data_ != data.get())) {
    std::vector<size_t> rows;
    std::vector<std::string> captions;
    for (size_t i : sel.dots) {
      rows.push_back(size_t(map->indices[i]));
      captions.push_back(map->labels.empty() ? "" : std::to_string(map->labels[i]));
    }
    strip_.set(*data, rows, map->labels.empty() ? std::vector<std::string>{} : captions);
    strip_version_ = view.selection_version();
    strip_data_ = data.get();
  }
  if (!empty) {
    if (sel.dots.size() > size_t(strip_.count()))
      ImGui::TextDisabled("the first %d of %zu:", strip_.count(), sel.dots.size());
    const int clicked = strip_.draw("sel_strip", px(40));
    if (clicked >= 0) {
      explorer.edited();
      explorer.set_code(map->means[sel.dots[size_t(clicked)]],
                        "test:" + std::to_string(map->indices[sel.dots[size_t(clicked)]]));
    }
  }
  return want_direction;
}

}  // namespace vlae::ui
