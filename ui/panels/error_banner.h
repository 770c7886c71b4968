#pragma once
// The red banner across the top of the window: every unresolved error, each dismissable.
#include "ui/app/error_log.h"

namespace vlae::ui {

void draw_error_banner(ErrorLog& errors, float width);

}  // namespace vlae::ui
