#pragma once
// Draws an ImageView at a fixed on-screen size (an integer multiple of the image, so pixels stay
// square), with an optional message drawn over it (a decode error, "decoding ...").
#include <string>

#include <imgui.h>

#include "ui/gl/image_view.h"

namespace vlae::ui {

// Largest integer zoom of a w x h image that fits in `avail` (at least 1, at most max_zoom).
int fit_zoom(int w, int h, ImVec2 avail, int max_zoom = 16);

void image_widget(const char* id, ImageView& view, const ImageProgram* program, ImVec2 size,
                  const DisplayParams& params, const std::string& overlay = "");

// Display parameters for a run's pixel range: "signed" data is [-1,1], "unit" data [0,1].
DisplayParams display_for_range(const std::string& pixel_range);

}  // namespace vlae::ui
