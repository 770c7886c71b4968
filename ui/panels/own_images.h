#pragma once
// The user's own images beside the held-out ones: added with the "+" path field or by dropping
// PNG/JPEG files (or a folder of them) on the window, prepared off the UI thread exactly as the
// run's data set is (crop, resize, grey or colour), shown as thumbnails to encode.
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/data/image_files.h"
#include "ui/app/ui_context.h"
#include "ui/gl/texture.h"

namespace vlae::ui {

class OwnImages {
 public:
  // Starts preparing `paths` for the open run; one line per file that cannot be read goes to the
  // error log when done.
  void add(UiContext& ctx, std::vector<std::string> paths);
  // Once per frame: takes finished files, forgets them when another run opens.
  void poll(UiContext& ctx);
  // The "+" button, its path field, and the thumbnails; returns the index clicked, or -1.
  int draw(UiContext& ctx, float cell, int selected);
  std::shared_ptr<const Dataset> images() const { return images_; }

 private:
  uint64_t run_id_ = 0;
  std::shared_ptr<const Dataset> images_;
  std::vector<std::string> names_;
  std::future<ImageFilesResult> pending_;
  std::vector<std::vector<std::string>> queued_;  // added while one batch was being prepared
  bool field_open_ = false;
  std::string path_;
  Texture texture_;
  size_t texture_count_ = 0;
};

}  // namespace vlae::ui
