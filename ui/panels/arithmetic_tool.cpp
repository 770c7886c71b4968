#include "ui/panels/arithmetic_tool.h"

#include <imgui.h>

#include "core/explore/code_statistics.h"
#include "ui/app/layout_dump.h"
#include "ui/app/messages.h"
#include "ui/panels/explorer_panel.h"

namespace vlae::ui {

void ArithmeticTool::reset() {
  for (int i = 0; i < 3; ++i) {
    codes_[i].clear();
    names_[i].clear();
  }
  layers_.clear();
}

void ArithmeticTool::draw(UiContext& ctx, ExplorerPanel& explorer) {
  const LatentCode& code = explorer.code();
  if (layers_.size() != code.size()) layers_.assign(code.size(), true);
  ImGui::TextDisabled("take A, B and C from the explorer's code (click a thumbnail or a dot first)");
  static const char* kNames[3] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    ImGui::PushID(i);
    if (ImGui::Button((std::string("Set ") + kNames[i]).c_str())) {
      codes_[i] = code;
      names_[i] = explorer.code_source();
    }
    layout_dump().item(std::string("arith_set_") + char('a' + i));
    ImGui::SameLine();
    ImGui::Text("%s: %s", kNames[i], codes_[i].empty() ? "-" : names_[i].c_str());
    ImGui::PopID();
  }
  ImGui::TextUnformatted("layers:");
  for (size_t l = layers_.size(); l-- > 0;) {
    ImGui::SameLine();
    bool on = layers_[l];
    if (ImGui::Checkbox(("z" + std::to_string(l + 1) + "##arith").c_str(), &on)) layers_[l] = on;
    layout_dump().item("arith_layer_" + std::to_string(l + 1));
  }
  const bool ready = !codes_[0].empty() && !codes_[1].empty() && !codes_[2].empty();
  ImGui::BeginDisabled(!ready);
  if (ImGui::Button("Apply A - B + C")) {
    try {
      const LatentCode out = code_arithmetic(code, codes_[0], codes_[1], codes_[2], layers_);
      explorer.edited();
      explorer.set_code(out, "A - B + C");
    } catch (const std::exception& e) {
      ctx.errors.add("latent arithmetic: " + one_line(e.what()));
    }
  }
  layout_dump().item("arith_apply");
  ImGui::EndDisabled();
  if (!ready) {
    ImGui::SameLine();
    ImGui::TextDisabled("set A, B and C first");
  }
  layout_dump().state()["arith_ready"] = ready;
}

}  // namespace vlae::ui
