#pragma once
// Animated figures (traversal sweeps, interpolations, Gibbs chains) and how they are written: the
// file's extension chooses GIF or H.264 MP4, and a JSON sidecar beside it holds every frame's codes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/image.h"

namespace vlae {

struct Animation {
  std::vector<Image> frames;
  nlohmann::json sidecar;  // what each frame shows, down to its codes
};

// The enlargement that brings images `height` pixels high to about 100 pixels.
int animation_scale(int height);
// One frame: the panels enlarged `scale` times, side by side with a gap.
Image animation_frame(std::vector<Image> panels, int scale);
// Indices 0, 1, ..., n-1, n-2, ..., 1: forward and back without repeating the ends, so a loop has
// no pause.
std::vector<int> back_and_forth(int n);

// ".gif" or ".mp4" (any case).
bool is_animation_path(const std::string& path);
// Writes the frames (format by extension) and PATH-without-extension.json: the sidecar plus fps,
// frame count, image size, checkpoint and step. Atomic; throws vlae::Error naming the file.
void write_animation(const std::string& path, const Animation& a, int fps, const std::string& checkpoint, int64_t step);

}  // namespace vlae
