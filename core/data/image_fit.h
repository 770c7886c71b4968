#pragma once
// Bringing a decoded image of any size to a data set's fixed shape: a centred crop, then an
// antialiased resize (a triangle filter widened when shrinking, so no aliasing from skipped pixels).
#include <cstdint>

#include "core/common/image.h"

namespace vlae {

// The centred crop_w x crop_h window (each clamped to the image).
Image centre_crop(const Image& img, int crop_w, int crop_h);
Image resize_image(const Image& img, int width, int height);
// `crop` > 0: a centred crop x crop square (CelebA's 108); 0: the largest centred window with the
// target's aspect ratio. Then resized to width x height. Channels are left as they are.
Image fit_image(const Image& img, int width, int height, int crop);
// HWC (Image) to CHW bytes at dst (the Dataset layout): img.channels * height * width bytes.
void to_planar(const Image& img, uint8_t* dst);

}  // namespace vlae
