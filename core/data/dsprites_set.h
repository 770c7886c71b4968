#pragma once
// dSprites as a data set (`--data dsprites` and `--data dsprites:PATH`): 1x64x64 binary images,
// the shape as the label, and the five factors as label columns shape, scale, orientation, pos_x,
// pos_y (factor indices). The built-in set draws each image when asked (dsprites.h), so the
// 737,280 images cost no memory; DeepMind's file is read whole (about 3 GB).
#include <optional>
#include <string>

#include "core/data/dataset.h"

namespace vlae {

// Every image of the factor grid, drawn on demand, in DeepMind's index order.
Dataset make_dsprites();
// DeepMind's dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz (or any .npz with its two arrays).
Dataset load_dsprites_file(const std::string& path);
// Refuses a model shape other than 1x64x64 with one line that says what to use instead.
void check_dsprites_shape(const std::string& spec, const std::optional<ImageShape>& shape);

}  // namespace vlae
