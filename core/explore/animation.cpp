#include "core/explore/animation.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/gif_writer.h"
#include "core/io/mp4_writer.h"

namespace vlae {

namespace {
std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

// Nearest-neighbour enlargement, so small images stay sharp in a viewer.
Image enlarge(const Image& img, int scale) {
  if (scale <= 1) return img;
  Image out;
  out.width = img.width * scale;
  out.height = img.height * scale;
  out.channels = img.channels;
  out.pixels.resize(size_t(out.width) * out.height * out.channels);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      for (int c = 0; c < img.channels; ++c)
        out.pixels[(size_t(y) * out.width + x) * out.channels + c] = img.at(x / scale, y / scale, c);
  return out;
}
}  // namespace

int animation_scale(int height) { return std::max(1, (100 + height - 1) / std::max(1, height)); }

Image animation_frame(std::vector<Image> panels, int scale) {
  for (Image& p : panels) p = enlarge(p, scale);
  return panels.size() == 1 ? std::move(panels.front()) : concat_horizontal(panels, 12);
}

std::vector<int> back_and_forth(int n) {
  std::vector<int> order;
  for (int i = 0; i < n; ++i) order.push_back(i);
  for (int i = n - 2; i >= 1; --i) order.push_back(i);
  return order;
}

bool is_animation_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == ".gif" || ext == ".mp4";
}

void write_animation(const std::string& path, const Animation& a, int fps, const std::string& checkpoint,
                     int64_t step) {
  if (a.frames.empty()) throw Error(path + ": the animation has no frames");
  std::filesystem::path p(path);
  if (p.has_parent_path()) ensure_writable_dir(p.parent_path().string());
  const std::string ext = lower_extension(path);
  if (ext == ".gif")
    write_gif(path, a.frames, fps);
  else if (ext == ".mp4")
    write_mp4(path, a.frames, fps);
  else
    throw usage_error(path + ": an animation is written as .gif or .mp4");
  nlohmann::json sidecar = a.sidecar;
  sidecar["fps"] = fps;
  sidecar["frame_count"] = a.frames.size();
  sidecar["image"] = {{"width", a.frames.front().width}, {"height", a.frames.front().height}};
  sidecar["checkpoint"] = checkpoint;
  sidecar["step"] = step;
  write_file_atomic(p.replace_extension(".json").string(), sidecar.dump(1) + "\n");
}

}  // namespace vlae
