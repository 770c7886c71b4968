#pragma once
// A row of small images of a data set (a selection, nearest neighbours), held in one texture and
// drawn as thumbnails with an optional caption under each; hovering one shows it larger.
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "ui/gl/texture.h"

namespace vlae::ui {

class ImageStrip {
 public:
  // Uploads images `rows` of `data` (at most `max` of them); captions are drawn under each.
  void set(const Dataset& data, const std::vector<size_t>& rows, std::vector<std::string> captions = {},
           size_t max = 32);
  void clear();
  bool empty() const { return count_ == 0; }
  int count() const { return count_; }
  // Thumbnails of `cell` pixels, wrapping at the available width; `name`: layout-dump entry of the
  // whole strip. Returns the index (into the rows given to set) of a clicked thumbnail, or -1.
  int draw(const char* name, float cell);

 private:
  Texture texture_;
  int count_ = 0, tile_w_ = 0, tile_h_ = 0;
  std::vector<std::string> captions_;
};

}  // namespace vlae::ui
