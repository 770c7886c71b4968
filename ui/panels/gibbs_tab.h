#pragma once
// The Gibbs chain of Proposition 1 as a tab: step it or let it play, from held-out images or
// noise; the top row shows where each chain started, the bottom row where it is now.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/explore/decode_service.h"
#include "ui/app/ui_context.h"
#include "ui/gl/image_view.h"

namespace vlae::ui {

class GibbsTab {
 public:
  // One tab item inside the caller's tab bar.
  void draw(UiContext& ctx);
  // The part of RUN/explorer.json this panel keeps: its settings.
  void save_state(nlohmann::json& state) const;
  void restore_state(const nlohmann::json& state);

 private:
  void take_result(DecodeService& dec);
  void draw_controls(UiContext& ctx);

  uint64_t run_id_ = 0;
  std::unique_ptr<ImageView> view_;
  std::optional<DecodeResult> shown_;
  std::string error_;
  int chains_ = 8;
  bool from_data_ = true;
  uint64_t seed_ = 0;
  int64_t target_ = 0;  // steps asked for
  bool playing_ = false;
  bool waiting_ = false;  // a request is in flight
  uint64_t waiting_for_ = 0;
  double last_advance_ = 0;
  // What the last request asked, so only changes are sent.
  int sent_chains_ = -1;
  bool sent_from_data_ = true;
  uint64_t sent_seed_ = 0;
  int64_t sent_target_ = -1;
};

}  // namespace vlae::ui
