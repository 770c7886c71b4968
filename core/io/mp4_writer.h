#pragma once
// H.264 MP4 movies through FFmpeg's libraries (libavcodec's libx264 encoder, the mp4 muxer).
// Frames are converted to YUV 4:2:0, which needs even sides: odd sides get one black row or column.
#include <string>
#include <vector>

#include "core/common/image.h"

namespace vlae {

// The file's bytes; throws vlae::Error
// when the frames are empty or differ in size, or no H.264 encoder is available.
std::string mp4_bytes(const std::vector<Image>& frames, int fps);
// Written atomically; throws vlae::Error naming `path`.
void write_mp4(const std::string& path, const std::vector<Image>& frames, int fps);

}  // namespace vlae
