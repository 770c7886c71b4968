#pragma once
// Reads the back buffer (after ImGui has drawn, before the swap) into a plain RGB image.
#include <cstddef>  // core/common/image.h uses size_t without including it

#include "core/common/image.h"

namespace vlae::ui {

Image read_back_buffer(int width, int height);

}  // namespace vlae::ui
