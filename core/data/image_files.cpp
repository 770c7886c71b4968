#include "core/data/image_files.h"

#include <algorithm>
#include <filesystem>

#include "core/common/exception_text.h"
#include "core/data/image_fit.h"
#include "core/io/atomic_file.h"
#include "core/io/png_io.h"

namespace vlae {
namespace fs = std::filesystem;

bool has_image_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

namespace {

// Folders become their image files; files stay as given (a wrong one fails when decoded).
std::vector<std::string> expand(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> inside;
      for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.is_regular_file(ec) && has_image_extension(entry.path().string()))
          inside.push_back(entry.path().string());
      std::sort(inside.begin(), inside.end());
      if (inside.empty()) errors.push_back(path + ": no PNG or JPEG files in this folder");
      files.insert(files.end(), inside.begin(), inside.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}
}  // namespace

ImageFilesResult load_image_files(const std::vector<std::string>& paths, const ImageShape& shape, int crop) {
  ImageFilesResult out;
  Dataset& d = out.images;
  d.name = "own images";
  d.channels = shape.channels;
  d.height = shape.height;
  d.width = shape.width;
  std::vector<uint8_t> pixels;
  for (const std::string& file : expand(paths, out.errors)) {
    try {
      std::error_code ec;
      if (!fs::exists(file, ec)) throw std::runtime_error("no such file");
      const Image img = fit_image(decode_image(read_file(file), shape.channels, file), shape.width, shape.height, crop);
      const size_t at = pixels.size();
      pixels.resize(at + d.image_bytes());
      to_planar(img, pixels.data() + at);
      out.names.push_back(file);
    } catch (const std::exception& e) {
      const std::string why = first_line(e);
      out.errors.push_back(why.rfind(file, 0) == 0 ? why : file + ": " + why);
    }
  }
  d.pixels = PixelStore(std::move(pixels));
  return out;
}

}  // namespace vlae
