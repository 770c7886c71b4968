#include "core/explore/interpolation_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/common/error.h"

namespace vlae {

namespace {
std::vector<float> slerp_layer(const std::vector<float>& a, const std::vector<float>& b, double t) {
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  std::vector<float> out(a.size());
  const double denom = std::sqrt(na * nb);
  const double omega = denom > 1e-12 ? std::acos(std::clamp(dot / denom, -1.0, 1.0)) : 0.0;
  const double so = std::sin(omega);
  // Nearly parallel (or a zero vector): the arc is a line.
  const double wa = so > 1e-6 ? std::sin((1 - t) * omega) / so : 1 - t;
  const double wb = so > 1e-6 ? std::sin(t * omega) / so : t;
  for (size_t i = 0; i < a.size(); ++i) out[i] = float(wa * a[i] + wb * b[i]);
  return out;
}
}  // namespace

LatentCode interpolate_code(const LatentCode& a, const LatentCode& b, double t, const std::vector<bool>& moving,
                            bool slerp) {
  LatentCode out = a;
  for (size_t l = 0; l < a.size() && l < b.size(); ++l) {
    if (l >= moving.size() || !moving[l]) continue;
    if (slerp) {
      out[l] = slerp_layer(a[l], b[l], t);
    } else {
      for (size_t i = 0; i < a[l].size(); ++i) out[l][i] = float((1 - t) * a[l][i] + t * b[l][i]);
    }
  }
  return out;
}

std::vector<int> parse_layer_list(const std::string& text, int layers) {
  std::vector<int> out;
  if (text == "all" || text.empty()) {
    for (int l = 0; l < layers; ++l) out.push_back(l);
    return out;
  }
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 1 || v > layers)
      throw usage_error("--layers: '" + item + "' is not a layer of this model (it has layers 1 to " +
                        std::to_string(layers) + ")");
    if (std::find(out.begin(), out.end(), int(v - 1)) == out.end()) out.push_back(int(v - 1));
  }
  return out;
}

}  // namespace vlae
