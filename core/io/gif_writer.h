#pragma once
// Animated GIFs through giflib: frames of one size, a looping animation at `fps`. Grey frames use
// a 256-level grey palette (exact); colour frames a fixed 6x7x6 colour cube (no dithering, so the
// same frame always gives the same bytes).
#include <string>
#include <vector>

#include "core/common/image.h"

namespace vlae {

// The file's bytes; throws vlae::Error when the frames are empty or differ in size.
std::string gif_bytes(const std::vector<Image>& frames, int fps);
// Written atomically; throws vlae::Error naming `path`.
void write_gif(const std::string& path, const std::vector<Image>& frames, int fps);

}  // namespace vlae
