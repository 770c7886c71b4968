#include "core/data/image_tensor.h"

#include <algorithm>
#include <array>

namespace vlae {
namespace {

const std::array<float, 256>& byte_to_float(bool signed_range) {
  // Built once with the very tensor ops that used to convert every batch, so the values are
  // bit-identical to them; per batch it is then a table lookup, free of torch's thread pool
  // (the prefetcher calls this on its own thread).
  static const auto tables = [] {
    torch::Tensor all = torch::arange(256, torch::kInt64).to(torch::kUInt8);
    torch::Tensor unit = all.to(torch::kFloat32).div_(255.0f);
    torch::Tensor sgn = unit.clone().mul_(2.0f).sub_(1.0f);
    std::array<std::array<float, 256>, 2> t{};
    std::copy_n(unit.data_ptr<float>(), 256, t[0].begin());
    std::copy_n(sgn.data_ptr<float>(), 256, t[1].begin());
    return t;
  }();
  return tables[signed_range ? 1 : 0];
}

}  // namespace

torch::Tensor images_to_tensor(const Dataset& data, const std::vector<int64_t>& indices, bool signed_range) {
  const int64_t n = int64_t(indices.size());
  const std::array<float, 256>& table = byte_to_float(signed_range);
  torch::Tensor x = torch::empty({n, data.channels, data.height, data.width}, torch::kFloat32);
  float* dst = x.data_ptr<float>();
  const size_t bytes = data.image_bytes();
  std::vector<uint8_t> drawn(data.drawer ? bytes : 0);
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* src = drawn.data();
    if (data.drawer)
      data.copy_image(size_t(indices[i]), drawn.data());
    else
      src = data.image(size_t(indices[i]));
    for (size_t p = 0; p < bytes; ++p) dst[size_t(i) * bytes + p] = table[src[p]];
  }
  return x;
}

}  // namespace vlae
