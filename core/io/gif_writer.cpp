#include "core/io/gif_writer.h"

#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/common/error.h"
#include "core/io/atomic_file.h"

namespace vlae {

namespace {
int append_bytes(GifFileType* gif, const GifByteType* data, int n) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), size_t(n));
  return n;
}

// The colour cube's index of an RGB pixel: 6 levels of red, 7 of green (the eye's most
// sensitive channel), 6 of blue.
int cube_index(uint8_t r, uint8_t g, uint8_t b) {
  const int ri = (r * 5 + 127) / 255, gi = (g * 6 + 127) / 255, bi = (b * 5 + 127) / 255;
  return (ri * 7 + gi) * 6 + bi;
}

void check(int status, GifFileType* gif, const char* what) {
  if (status != GIF_ERROR) return;
  throw Error(std::string("GIF encoder: ") + what + " failed (" + GifErrorString(gif ? gif->Error : 0) + ")");
}
}  // namespace

std::string gif_bytes(const std::vector<Image>& frames, int fps) {
  if (frames.empty()) throw Error("GIF encoder: no frames");
  const int w = frames.front().width, h = frames.front().height;
  const bool grey = std::all_of(frames.begin(), frames.end(), [](const Image& f) { return f.channels == 1; });
  for (const Image& f : frames)
    if (f.width != w || f.height != h) throw Error("GIF encoder: frames differ in size");
  std::string out;
  int error = 0;
  GifFileType* gif = EGifOpen(&out, append_bytes, &error);
  if (!gif) throw Error(std::string("GIF encoder: cannot start (") + GifErrorString(error) + ")");
  // Frees the encoder whatever happens below.
  auto closer = [](GifFileType* g) {
    int e = 0;
    EGifCloseFile(g, &e);
  };
  std::unique_ptr<GifFileType, decltype(closer)> guard(gif, closer);
  std::unique_ptr<ColorMapObject, void (*)(ColorMapObject*)> palette(GifMakeMapObject(256, nullptr), GifFreeMapObject);
  for (int i = 0; i < 256; ++i) {
    GifColorType& c = palette->Colors[i];
    if (grey) {
      c.Red = c.Green = c.Blue = GifByteType(i);
    } else if (i < 6 * 7 * 6) {
      c.Red = GifByteType((i / 42) * 255 / 5);
      c.Green = GifByteType(((i / 6) % 7) * 255 / 6);
      c.Blue = GifByteType((i % 6) * 255 / 5);
    } else {
      c.Red = c.Green = c.Blue = 0;
    }
  }
  EGifSetGifVersion(gif, true);
  check(EGifPutScreenDesc(gif, w, h, 8, 0, palette.get()), gif, "the screen descriptor");
  // Loop forever (the NETSCAPE2.0 application extension).
  check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), gif, "the loop extension");
  check(EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0"), gif, "the loop extension");
  const GifByteType loop[3] = {1, 0, 0};
  check(EGifPutExtensionBlock(gif, 3, loop), gif, "the loop extension");
  check(EGifPutExtensionTrailer(gif), gif, "the loop extension");
  const int delay = std::max(2, int(std::lround(100.0 / std::max(1, fps))));  // hundredths of a second
  std::vector<GifPixelType> line(size_t(w), 0);
  for (const Image& f : frames) {
    const GifByteType control[4] = {0x04, GifByteType(delay & 0xff), GifByteType(delay >> 8), 0};
    check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, control), gif, "a frame's delay");
    check(EGifPutImageDesc(gif, 0, 0, w, h, false, nullptr), gif, "a frame");
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const uint8_t* p = f.pixels.data() + (size_t(y) * w + x) * f.channels;
        line[size_t(x)] = grey              ? p[0]
                          : f.channels == 1 ? GifPixelType(cube_index(p[0], p[0], p[0]))
                                            : GifPixelType(cube_index(p[0], p[1], p[2]));
      }
      check(EGifPutLine(gif, line.data(), w), gif, "a frame's pixels");
    }
  }
  int close_error = 0;
  gif = guard.release();
  if (EGifCloseFile(gif, &close_error) == GIF_ERROR)
    throw Error(std::string("GIF encoder: cannot finish (") + GifErrorString(close_error) + ")");
  return out;
}

void write_gif(const std::string& path, const std::vector<Image>& frames, int fps) {
  write_file_atomic(path, gif_bytes(frames, fps));
}

}  // namespace vlae
