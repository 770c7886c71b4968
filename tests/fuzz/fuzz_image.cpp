// libFuzzer target: the PNG/JPEG decoding behind read_png (stb_image for PNG, libjpeg-turbo for JPEG).
#include "core/common/error.h"
#include "core/io/png_io.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = vlae::fuzz::write_input("image", data, size);
  try {
    const vlae::Image img = vlae::read_png(path);
    if (img.pixels.size() != size_t(img.width) * img.height * img.channels) std::abort();
  } catch (const vlae::Error&) {
  }
  return 0;
}
