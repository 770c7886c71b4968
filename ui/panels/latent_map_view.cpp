#include "ui/panels/latent_map_view.h"

#include <algorithm>
#include <cmath>

#include "core/common/polygon.h"
#include "core/explore/code_statistics.h"
#include "ui/app/ui_scale.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"

namespace vlae::ui {

namespace {
constexpr size_t kMapImages = 2000;

// Ten distinct colours (class 0-9), repeated past ten values.
ImU32 palette(int64_t v) {
  static const ImU32 colours[10] = {IM_COL32(31, 119, 180, 220),  IM_COL32(255, 127, 14, 220),
                                    IM_COL32(44, 160, 44, 220),   IM_COL32(214, 39, 40, 220),
                                    IM_COL32(148, 103, 189, 220), IM_COL32(160, 100, 80, 220),
                                    IM_COL32(227, 119, 194, 220), IM_COL32(170, 170, 170, 220),
                                    IM_COL32(188, 189, 34, 220),  IM_COL32(23, 190, 207, 220)};
  return v < 0 ? IM_COL32(200, 200, 200, 160) : colours[v % 10];
}

}  // namespace

ImVec2 PadProjection::project(const std::vector<float>& z) const {
  if (!pca) return ImVec2(z[size_t(dims[0])], z[size_t(dims[1])]);
  float u = 0, v = 0;
  for (size_t i = 0; i < z.size(); ++i) {
    u += (z[i] - axes.mean[i]) * axes.axes[0][i];
    v += (z[i] - axes.mean[i]) * axes.axes[1][i];
  }
  return ImVec2(u, v);
}

void PadProjection::move(std::vector<float>& z, ImVec2 from, ImVec2 to) const {
  if (!pca) {
    z[size_t(dims[0])] = to.x;
    z[size_t(dims[1])] = to.y;
    return;
  }
  for (size_t i = 0; i < z.size(); ++i) z[i] += (to.x - from.x) * axes.axes[0][i] + (to.y - from.y) * axes.axes[1][i];
}

PadProjection LatentMapView::projection(int layer, std::array<int, 2> dims, bool pca) {
  PadProjection p;
  p.dims = dims;
  if (!pca || !has_map()) return p;
  p.pca = true;
  if (axes_.size() <= size_t(layer)) axes_.resize(size_t(layer) + 1);
  auto& [version, axes] = axes_[size_t(layer)];
  if (version != version_ || axes.mean.empty()) {
    std::vector<std::vector<float>> points;
    for (const auto& code : map_->means) points.push_back(code[size_t(layer)]);
    axes = principal_axes(points);
    version = version_;
  }
  p.axes = axes;
  return p;
}

void LatentMapView::reset() {
  axes_.clear();
  map_.reset();
  dim_kl_.clear();
  built_.clear();
  requested_snapshot_ = 0;
  hover_dot_ = -1;
  reported_error_.clear();
  colour_by_ = 0;
  selection_ = kept_ = DotSelection{};
  ++selection_version_;
}

void LatentMapView::select(int layer, const PadProjection& projection, const std::vector<ImVec2>& outline, bool lasso) {
  if (!has_map()) return;
  std::vector<Point2> polygon, points;
  for (const ImVec2& q : outline) polygon.emplace_back(q.x, q.y);
  for (const LatentCode& code : map_->means) {
    const ImVec2 p = projection.project(code[size_t(layer)]);
    points.emplace_back(p.x, p.y);
  }
  selection_ = DotSelection{layer, points_inside(polygon, points), lasso};
  ++selection_version_;
}

void LatentMapView::clear_selection() {
  selection_ = DotSelection{};
  ++selection_version_;
}

void LatentMapView::update(UiContext& ctx) {
  Workspace& ws = ctx.workspace;
  if (ws.run_id() != requested_run_) {
    reset();
    requested_run_ = ws.run_id();
  }
  if (ws.has_run() && ws.heldout() && ws.snapshot_id() != requested_snapshot_) {
    if (auto snap = ws.current_snapshot()) {
      job_.request(std::move(snap), ws.heldout(), kMapImages);
      requested_snapshot_ = ws.snapshot_id();
    }
  }
  if (auto m = job_.take()) {
    if (!m->error.empty()) {
      if (m->error != reported_error_) ctx.errors.add("latent map: " + one_line(m->error));
      reported_error_ = m->error;
    } else {
      map_ = std::move(m);
      dim_kl_ = kl_per_dim(map_->means, map_->sds);
      ++version_;
    }
  }
  layout_dump().state()["heldout_images"] = ws.heldout() ? ws.heldout()->size() : 0;
  layout_dump().state()["latent_map_count"] = size();
  layout_dump().state()["latent_map_step"] = map_ ? map_->step : -1;
  layout_dump().state()["selection_count"] = selection_.dots.size();
  layout_dump().state()["selection_layer"] = selection_.layer + 1;
  layout_dump().state()["kept_count"] = kept_.dots.size();
  layout_dump().state()["selection_version"] = selection_version_;
  layout_dump().state()["selection_lasso"] = selection_.lasso;
}

int64_t LatentMapView::colour_value(size_t dot) const {
  if (colour_by_ == 0) return map_->labels.empty() ? -1 : map_->labels[dot];
  return map_->factors[dot][size_t(colour_by_ - 1)];
}

std::string LatentMapView::value_name(size_t dot) const {
  if (map_->labels.empty() && map_->factor_names.empty()) return "";
  std::string s = map_->labels.empty() ? "" : "class " + std::to_string(map_->labels[dot]);
  for (size_t k = 0; k < map_->factor_names.size(); ++k)
    s += (s.empty() ? "" : ", ") + map_->factor_names[k] + " " + std::to_string(map_->factors[dot][k]);
  return s;
}

void LatentMapView::draw_legend() {
  if (!has_map()) {
    ImGui::TextDisabled(job_.busy() ? "encoding the held-out images for the pads ..." : "");
    return;
  }
  ImGui::TextDisabled("pads: %zu held-out codes, coloured by", size());
  ImGui::SameLine();
  std::vector<std::string> names{map_->labels.empty() ? "nothing" : "class"};
  for (const auto& f : map_->factor_names) names.push_back(f);
  ImGui::SetNextItemWidth(px(100));
  if (ImGui::BeginCombo("##colour_by", names[size_t(colour_by_)].c_str())) {
    for (size_t i = 0; i < names.size(); ++i)
      if (ImGui::Selectable(names[i].c_str(), int(i) == colour_by_)) colour_by_ = int(i);
    ImGui::EndCombo();
  }
  layout_dump().item("colour_by");
  int64_t top = -1;
  for (size_t i = 0; i < size(); ++i) top = std::max(top, colour_value(i));
  for (int64_t v = 0; v <= std::min<int64_t>(top, 9); ++v) {
    ImGui::SameLine(0, px(6));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette(v)), "%lld", (long long)v);
  }
  if (top > 9) {
    ImGui::SameLine(0, px(6));
    ImGui::TextDisabled("(colours repeat past 9)");
  }
}

const PadDots* LatentMapView::dots(int layer, const PadProjection& projection) {
  if (!has_map()) return nullptr;
  if (built_.size() <= size_t(layer)) built_.resize(size_t(layer) + 1);
  Built& b = built_[size_t(layer)];
  if (b.dims != projection.dims || b.pca != projection.pca || b.version != version_ || b.colour_by != colour_by_ ||
      b.selection_version != selection_version_) {
    b.selection_version = selection_version_;
    b.dots.selected.assign(selection_.dots.empty() ? 0 : size(), 0);
    for (size_t i : selection_.dots)
      if (i < b.dots.selected.size()) b.dots.selected[i] = 1;
    b.dims = projection.dims;
    b.pca = projection.pca;
    b.version = version_;
    b.colour_by = colour_by_;
    b.dots.points.clear();
    b.dots.colours.clear();
    for (size_t i = 0; i < size(); ++i) {
      b.dots.points.push_back(projection.project(map_->means[i][size_t(layer)]));
      b.dots.colours.push_back(palette(colour_value(i)));
    }
    // A dot far from the others, among the first 200 (bounded work on the UI thread).
    float best = -1;
    b.lonely = -1;
    for (size_t i = 0; i < std::min<size_t>(200, size()); ++i) {
      float nearest = 1e30f;
      for (size_t j = 0; j < size(); ++j) {
        if (i == j) continue;
        const float dx = b.dots.points[i].x - b.dots.points[j].x, dy = b.dots.points[i].y - b.dots.points[j].y;
        nearest = std::min(nearest, dx * dx + dy * dy);
      }
      if (nearest > best) {
        best = nearest;
        b.lonely = int(i);
      }
    }
  }
  return &b.dots;
}

float LatentMapView::range(int layer, const PadProjection& projection, float at_least) const {
  if (!has_map()) return at_least;
  // The 99th percentile of |coordinate|: one stray code must not shrink every other dot.
  std::vector<float> extent;
  for (const auto& code : map_->means) {
    const ImVec2 p = projection.project(code[size_t(layer)]);
    extent.push_back(std::max(std::fabs(p.x), std::fabs(p.y)));
  }
  const size_t k = extent.size() * 99 / 100;
  std::nth_element(extent.begin(), extent.begin() + std::ptrdiff_t(k), extent.end());
  return std::clamp(extent[k] * 1.1f, at_least, 20.0f);
}

void LatentMapView::show_hover(UiContext& ctx, int dot) {
  auto data = ctx.workspace.heldout();
  if (!has_map() || !data || size_t(dot) >= size()) return;
  const size_t index = size_t(map_->indices[size_t(dot)]);
  if (dot != hover_dot_ && index < data->size()) {
    hover_texture_.upload(dataset_image(*data, index));
    hover_dot_ = dot;
  }
  ImGui::BeginTooltip();
  ImGui::Image(hover_texture_.imgui_id(),
               ImVec2(px(84), px(84) * float(data->height) / float(std::max(1, data->width))));
  ImGui::Text("held-out %zu  %s", index, value_name(size_t(dot)).c_str());
  ImGui::TextDisabled("click: this layer's code; Shift-click: every layer's");
  ImGui::EndTooltip();
}

void LatentMapView::dump(int layer, const PadEvents& ev) {
  const std::string tag = "l" + std::to_string(layer + 1);
  auto& st = layout_dump().state();
  if (built_.size() <= size_t(layer) || !has_map()) {
    st["pad_dots_" + tag] = 0;
    return;
  }
  const Built& b = built_[size_t(layer)];
  st["pad_dots_" + tag] = b.dots.points.size();
  if (b.lonely >= 0) {
    const ImVec2 p = b.dots.points[size_t(b.lonely)];
    st["pad_dot_" + tag] = {int(std::lround(ev.centre.x + p.x * ev.pixels_per_unit)),
                            int(std::lround(ev.centre.y - p.y * ev.pixels_per_unit))};
    st["pad_dot_code_" + tag] = map_->means[size_t(b.lonely)][size_t(layer)];
  }
  // The dot under the mouse, which a click picks: where dots lie closer than the pick radius (a
  // layer the model has not started to use), that may not be the one named above.
  if (ev.hovered >= 0 && size_t(ev.hovered) < size())
    st["pad_hover_code_" + tag] = map_->means[size_t(ev.hovered)][size_t(layer)];
  else
    st.erase("pad_hover_code_" + tag);
}

}  // namespace vlae::ui
