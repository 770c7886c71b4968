#include "ui/panels/direction_tool.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/explore/grid_file.h"
#include "core/io/atomic_file.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/app/ui_scale.h"
#include "ui/panels/explorer_panel.h"
#include "ui/widgets/image_widget.h"

namespace vlae::ui {
namespace {

// The label names a map offers: "class" when it has classes, then its factors.
std::vector<std::string> attribute_names(const LatentMap& map) {
  std::vector<std::string> names;
  if (!map.labels.empty()) names.push_back("class");
  for (const std::string& f : map.factor_names) names.push_back(f);
  return names;
}

// Each dot's value of attribute `a` (an index into attribute_names).
std::vector<int64_t> attribute_values(const LatentMap& map, int a) {
  if (!map.labels.empty() && a == 0) return map.labels;
  const size_t f = size_t(a - (map.labels.empty() ? 0 : 1));
  std::vector<int64_t> v;
  for (const auto& row : map.factors) v.push_back(f < row.size() ? row[f] : -1);
  return v;
}

std::vector<LatentCode> codes_of(const LatentMap& map, const std::vector<size_t>& dots) {
  std::vector<LatentCode> codes;
  for (size_t i : dots)
    if (i < map.means.size()) codes.push_back(map.means[i]);
  return codes;
}

float length(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += double(x) * x;
  return float(std::sqrt(s));
}

// A combo of label values; records each choice in the layout dump as NAME_<value>.
bool value_combo(const char* label, const std::string& name, int64_t& value, const std::set<int64_t>& values) {
  bool changed = false;
  ImGui::SetNextItemWidth(px(70));
  if (ImGui::BeginCombo(label, value < 0 ? "-" : std::to_string(value).c_str())) {
    for (int64_t v : values) {
      if (ImGui::Selectable(std::to_string(v).c_str(), v == value)) {
        value = v;
        changed = true;
      }
      layout_dump().item(name + "_" + std::to_string(v));
    }
    ImGui::EndCombo();
  }
  layout_dump().item(name);
  return changed;
}

}  // namespace

void DirectionTool::reset() {
  directions_.clear();
  key_.clear();
  submitted_codes_.clear();
  shown_.reset();
  strip_digest_ = 0;
  view_.reset();
  error_.clear();
  from_ = to_ = -1;
  t_ = 0;
  slider_base_.clear();
}

void DirectionTool::draw_source(const LatentMap& map, ExplorerPanel& explorer) {
  const DotSelection& kept = explorer.map_view().kept();
  const DotSelection& sel = explorer.map_view().selection();
  const std::vector<std::string> names = attribute_names(map);
  if (names.empty()) from_selections_ = true;  // nothing else to go by
  if (ImGui::RadioButton("labels", !from_selections_) && !names.empty()) from_selections_ = false;
  layout_dump().item("dir_source_labels");
  ImGui::SameLine();
  if (ImGui::RadioButton("selections", from_selections_)) from_selections_ = true;
  layout_dump().item("dir_source_selections");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("from the kept selection (A) to the current one (B): Selection tab, Ctrl-drag on a pad");
  if (from_selections_) {
    ImGui::SameLine();
    ImGui::Text("A: %zu codes (kept)  B: %zu codes (current)", kept.dots.size(), sel.dots.size());
    return;
  }
  attribute_ = std::clamp(attribute_, 0, int(names.size()) - 1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(90));
  if (ImGui::BeginCombo("##attribute", names[size_t(attribute_)].c_str())) {
    for (size_t i = 0; i < names.size(); ++i)
      if (ImGui::Selectable(names[i].c_str(), int(i) == attribute_)) {
        attribute_ = int(i);
        from_ = to_ = -1;
      }
    ImGui::EndCombo();
  }
  layout_dump().item("dir_attribute");
  const std::vector<int64_t> values = attribute_values(map, attribute_);
  const std::set<int64_t> present(values.begin(), values.end());
  // Defaults: the two smallest values present.
  if (!present.count(from_)) from_ = present.empty() ? -1 : *present.begin();
  if (!present.count(to_) || to_ == from_) {
    to_ = -1;
    for (int64_t v : present)
      if (v != from_) {
        to_ = v;
        break;
      }
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("from");
  ImGui::SameLine();
  value_combo("##from", "dir_from", from_, present);
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  value_combo("##to", "dir_to", to_, present);
}

void DirectionTool::update_directions(ExplorerPanel& explorer) {
  const LatentMapView& view = explorer.map_view();
  const LatentMap* map = view.map();
  const std::string key =
      std::to_string(view.version()) + "/" + std::to_string(view.selection_version()) + "/" +
      (from_selections_ ? "sel" : std::to_string(attribute_) + ":" + std::to_string(from_) + ">" + std::to_string(to_));
  if (key == key_) return;
  key_ = key;
  directions_.clear();
  error_.clear();
  std::vector<LatentCode> a, b;
  std::string attribute = "selection";
  if (from_selections_) {
    a = codes_of(*map, view.kept().dots);
    b = codes_of(*map, view.selection().dots);
    if (a.empty()) error_ = "no kept selection (A): select dots on a pad, then Keep as A in the Selection tab";
    if (error_.empty() && b.empty()) error_ = "the current selection (B) is empty: Ctrl-drag around dots on a pad";
  } else {
    attribute = attribute_names(*map)[size_t(attribute_)];
    const std::vector<int64_t> values = attribute_values(*map, attribute_);
    for (size_t i = 0; i < values.size() && i < map->means.size(); ++i) {
      if (values[i] == from_) a.push_back(map->means[i]);
      if (values[i] == to_) b.push_back(map->means[i]);
    }
    if (from_ == to_) error_ = "from and to are the same " + attribute + ": a direction needs two";
  }
  if (!error_.empty()) return;
  try {
    for (int l = 0; l < int(map->means.front().size()); ++l) {
      AttributeDirection d = direction_between(a, b, l);
      d.attribute = attribute;
      d.from = from_selections_ ? 0 : from_;
      d.to = from_selections_ ? 1 : to_;
      directions_.push_back(std::move(d));
    }
  } catch (const std::exception& e) {
    error_ = one_line(e.what());
    directions_.clear();
  }
}

void DirectionTool::draw(UiContext& ctx, ExplorerPanel& explorer) {
  const LatentMap* map = explorer.map_view().map();
  auto& st = layout_dump().state();
  if (!map) {
    ImGui::TextDisabled("waiting for the held-out codes the pads show ...");
    st["dir_ready"] = false;
    return;
  }
  ImGui::TextDisabled("a direction per layer: the mean held-out code of B minus that of A");
  draw_source(*map, explorer);
  update_directions(explorer);
  st["dir_ready"] = !directions_.empty();
  st["dir_error"] = error_;
  if (!error_.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.4f, 1.0f), "%s", error_.c_str());
    return;
  }
  const int layers = int(directions_.size());
  if (layer_ < 0 || layer_ >= layers) layer_ = layers - 1;

  // Per layer: how far apart A and B are, and how well a linear probe tells them apart.
  nlohmann::json lengths = nlohmann::json::array(), probes = nlohmann::json::array();
  if (ImGui::BeginTable("dir_layers", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("layer");
    ImGui::TableSetupColumn("|B - A|");
    ImGui::TableSetupColumn("probe accuracy");
    ImGui::TableSetupColumn("images A / B");
    ImGui::TableHeadersRow();
    for (int l = layers - 1; l >= 0; --l) {
      const AttributeDirection& d = directions_[size_t(l)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("z%d", l + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", length(d.direction));
      ImGui::TableNextColumn();
      ImGui::Text("%.1f%%", 100.0 * d.probe_accuracy);
      ImGui::TableNextColumn();
      ImGui::Text("%zu / %zu", d.count_from, d.count_to);
    }
    ImGui::EndTable();
  }
  for (const AttributeDirection& d : directions_) {
    lengths.push_back(length(d.direction));
    probes.push_back(d.probe_accuracy);
  }
  st["dir_lengths"] = lengths;
  st["dir_probe_accuracy"] = probes;

  // The slider: the explorer's code on the chosen layer at t0 + t * direction.
  ImGui::SetNextItemWidth(px(70));
  if (ImGui::BeginCombo("##dir_layer", ("z" + std::to_string(layer_ + 1)).c_str())) {
    for (int l = layers - 1; l >= 0; --l) {
      if (ImGui::Selectable(("z" + std::to_string(l + 1)).c_str(), l == layer_)) {
        layer_ = l;
        t_ = 0;
      }
      layout_dump().item("dir_layer_" + std::to_string(l + 1));
    }
    ImGui::EndCombo();
  }
  layout_dump().item("dir_layer");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(220));
  const float t_before = t_;
  const bool moved = ImGui::SliderFloat("t along A -> B", &t_, -2.0f, 2.0f, "%.2f");
  if (ImGui::IsItemActivated()) {
    explorer.edited();  // one undo step for the whole drag
    // The code as it is now is taken to sit at the slider's t before the press.
    slider_base_ = moved_along(explorer.code(), directions_[size_t(layer_)], -t_before);
  }
  if (moved && slider_base_.size() == explorer.code().size())
    explorer.set_code(moved_along(slider_base_, directions_[size_t(layer_)], t_), "direction");
  layout_dump().item("dir_t");
  st["dir_layer"] = layer_ + 1;
  st["dir_from_value"] = from_selections_ ? -1 : from_;
  st["dir_to_value"] = from_selections_ ? -1 : to_;
  st["dir_source"] = from_selections_ ? "selections" : "labels";
  st["dir_direction"] = directions_[size_t(layer_)].direction;
  st["dir_t"] = t_;
  ImGui::SameLine();
  if (ImGui::Button("Save direction")) save(ctx);
  layout_dump().item("dir_save");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("this layer's direction as JSON, for `vlae traverse RUN --direction FILE`");
  draw_strip(ctx, explorer);
}

void DirectionTool::save(UiContext& ctx) {
  try {
    ensure_writable_dir(ctx.exports_dir);
    const std::string path = next_numbered_path(ctx.exports_dir, "direction", "json");
    write_file_atomic(path, to_json(directions_[size_t(layer_)]).dump(2) + "\n");
    last_export_ = path;
  } catch (const std::exception& e) {
    ctx.errors.add("save failed: " + one_line(e.what()));
  }
}

void DirectionTool::draw_strip(UiContext& ctx, ExplorerPanel& explorer) {
  Workspace& ws = ctx.workspace;
  DecodeService* dec = ws.decoder();
  if (!dec) return;
  if (!view_) view_ = std::make_unique<ImageView>();
  if (auto r = dec->take(SlotDirection)) {
    strip_error_ = r->error;
    if (r->error.empty()) {
      view_->set_image(r->image);
      shown_ = std::move(r);
      strip_digest_ = pixels_digest(shown_->image.pixels);
    }
  }
  // Rows top layer first: the explorer's code moved along that layer's direction only.
  const int layers = int(directions_.size());
  std::vector<double> ts;
  for (int j = 0; j < n_; ++j) ts.push_back(-range_ + 2.0 * range_ * j / (n_ - 1));
  DecodeRequest req;
  req.kind = DecodeKind::Codes;
  req.rows = layers;
  req.cols = n_;
  for (int l = layers - 1; l >= 0; --l)
    for (double t : ts) req.codes.push_back(moved_along(explorer.code(), directions_[size_t(l)], t));
  if (req.codes != submitted_codes_ || ws.snapshot_id() != strip_snapshot_) {
    nlohmann::json dirs = nlohmann::json::array();
    for (int l = layers - 1; l >= 0; --l) dirs.push_back(to_json(directions_[size_t(l)]));
    req.sidecar = {{"kind", "direction-strip"}, {"t", ts}, {"order", "rows top layer first"}, {"directions", dirs}};
    dec->submit(SlotDirection, req);
    submitted_codes_ = req.codes;
    strip_snapshot_ = ws.snapshot_id();
  }
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderInt("steps", &n_, 3, 11);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(90));
  ImGui::SliderFloat("range", &range_, 0.5f, 4.0f, "%.1f");
  ImGui::SameLine();
  ImGui::BeginDisabled(!shown_);
  if (ImGui::Button("Export PNG")) {
    try {
      ensure_writable_dir(ctx.exports_dir);
      const std::string path = next_numbered_path(ctx.exports_dir, "direction-strip");
      write_grid(path, Grid{shown_->image, shown_->rows, shown_->cols, shown_->sidecar}, shown_->checkpoint,
                 shown_->snapshot_step);
      last_export_ = path;
    } catch (const std::exception& e) {
      ctx.errors.add("export failed: " + one_line(e.what()));
    }
  }
  layout_dump().item("dir_export");
  ImGui::EndDisabled();
  if (!last_export_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("saved %s", last_export_.c_str());
  }
  layout_dump().state()["dir_last_export"] = last_export_;
  layout_dump().state()["dir_strip_rows"] = shown_ ? shown_->rows : 0;
  layout_dump().state()["dir_strip_digest"] = strip_digest_;
  ImGui::TextDisabled("rows z%d (top) to z1: the code moved along each layer's direction, t from %.1f to %.1f", layers,
                      -range_, range_);
  if (view_->has_image()) {
    const Image& img = view_->image();
    const int zoom = fit_zoom(img.width, img.height, ImGui::GetContentRegionAvail());
    image_widget("direction_strip", *view_, ctx.image_program,
                 ImVec2(float(img.width * zoom), float(img.height * zoom)),
                 display_for_range(ws.config()->model.pixel_range),
                 strip_error_.empty() ? "" : "decode failed: " + strip_error_);
    layout_dump().item("dir_strip");
  } else {
    ImGui::TextDisabled(strip_error_.empty() ? "rendering ..." : ("decode failed: " + strip_error_).c_str());
  }
}

}  // namespace vlae::ui
