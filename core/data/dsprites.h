#pragma once
// dSprites (Matthey et al. 2017) with its exact factor grid, drawn in code: every one of the 737,280
// binary 64x64 images is drawn on demand from its five factor indices, so no file is needed. The
// index order is DeepMind's (their latents_classes row-major: shape slowest, pos_y fastest), so an
// index means the same image here and in dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz; the
// pictures match the original's look but are not its pixels. read_dsprites_npz reads that file when
// a user has it.
//
// Geometry at factor indices (shape, scale, orientation, pos_x, pos_y), in pixels of the 64x64 frame:
//   scale         s = 0.5 + 0.1 * scale (6 values, 0.5 to 1)
//   orientation   angle = orientation * 2 pi / 40, counter-clockwise on screen, about the shape's
//                 centre (DeepMind's file spaces its 40 angles over [0, 2 pi], both ends included)
//   pos_x, pos_y  centre = 14 + 36 * pos / 31 (32 values over [0, 1]: pixels 14 to 50; pos_y grows
//                 downwards). 14 px is the largest sprite's reach from its centre: none leaves the frame.
//   square        side 19.2 px * s (0.3 of the frame at scale 1)
//   ellipse       axes 25.6 x 12.8 px * s, the long one along x before rotation
//   heart         (X^2 + Y^2 - 1)^3 <= X^2 Y^3 with Y up, 9.5 px per unit * s (21.6 x 21.2 px at
//                 scale 1), notch at the top, centred on its centre of mass
// A pixel is white (255) when its centre is inside the shape, else black (0).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vlae {

constexpr size_t kDspritesImages = 737280;
constexpr int kDspritesSide = 64;
constexpr int kDspritesFactors = 5;
inline constexpr int kDspritesLevels[kDspritesFactors] = {3, 6, 40, 32, 32};
inline constexpr const char* kDspritesFactorNames[kDspritesFactors] = {"shape", "scale", "orientation", "pos_x",
                                                                       "pos_y"};

// Factor indices of image `index` (0 <= index < kDspritesImages), in kDspritesFactorNames' order:
// shape 0 square, 1 ellipse, 2 heart.
void dsprites_factors(size_t index, int factors[kDspritesFactors]);
// The inverse; every factor must lie in 0..kDspritesLevels[k]-1 (usage_error otherwise).
size_t dsprites_index(const int factors[kDspritesFactors]);

// Draws one image into out[kDspritesSide * kDspritesSide], row-major, bytes 0 or 255. Deterministic
// and cheap: only the shape's bounding box is tested.
void draw_dsprite(const int factors[kDspritesFactors], uint8_t* out);

// DeepMind's file: `imgs` (N x 64 x 64, 0/1 bytes) and `latents_classes` (N x 6 integers whose first
// column, colour, is always 0). pixels are N x 64 x 64 bytes 0 or 255; factors N x 5 in
// kDspritesFactorNames' order (colour dropped). Shapes, types and ranges are checked, with errors
// that name the file.
struct DspritesFile {
  std::vector<uint8_t> pixels;
  std::vector<int64_t> factors;
  size_t count = 0;
};
DspritesFile read_dsprites_npz(const std::string& path);

}  // namespace vlae
