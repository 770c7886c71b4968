#include "core/explore/attribute_direction.h"

#include <algorithm>
#include <random>

#include "core/common/error.h"
#include "core/explore/grids.h"

namespace vlae {

AttributeDirection attribute_direction(Model& model, const Dataset& data, int layer, const std::string& attribute,
                                       int64_t from, int64_t to, size_t max_per_label, uint64_t seed) {
  const int layers = model->config().layers();
  if (layer < 0 || layer >= layers)
    throw usage_error("--layer must be between 1 and " + std::to_string(layers) + ", not " + std::to_string(layer + 1));
  if (from == to)
    throw usage_error("--from and --to are both " + std::to_string(from) + ": a direction needs two labels");
  const std::vector<int64_t> labels = attribute_labels(data, attribute);
  std::vector<int64_t> a, b;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == from) a.push_back(int64_t(i));
    if (labels[i] == to) b.push_back(int64_t(i));
  }
  for (const auto& [value, found] : {std::pair<int64_t, size_t>{from, a.size()}, {to, b.size()}})
    if (found == 0)
      throw usage_error("no image of the data set has " + attribute + " " + std::to_string(value) +
                        (attribute == "class" ? " (--from and --to name classes)" : ""));
  std::mt19937_64 rng(seed);
  for (std::vector<int64_t>* group : {&a, &b}) {
    std::shuffle(group->begin(), group->end(), rng);
    if (group->size() > max_per_label) group->resize(max_per_label);
  }
  AttributeDirection d = direction_between(encode_means(model, data, a), encode_means(model, data, b), layer);
  d.attribute = attribute;
  d.from = from;
  d.to = to;
  return d;
}

Grid direction_grid(Model& model, const AttributeDirection& d, int n, double range, uint64_t seed) {
  if (n < 2 || n > 100) throw usage_error("--n must be between 2 and 100 for a direction, not " + std::to_string(n));
  std::mt19937_64 rng(seed);
  std::vector<double> ts;
  for (int j = 0; j < n; ++j) ts.push_back(-range + 2 * range * j / (n - 1));
  std::vector<LatentCode> codes;
  for (int i = 0; i < n; ++i) {
    const LatentCode base = prior_code(model->config().latent_dims, rng);
    for (double t : ts) codes.push_back(moved_along(base, d, t));
  }
  Grid g;
  g.rows = g.cols = n;
  g.image = tile_images(decode_codes(model, codes), n, n);
  g.sidecar = nlohmann::json{
      {"kind", "direction-traverse"}, {"n", n},        {"seed", seed}, {"rows", n}, {"cols", n}, {"t", ts},
      {"direction", to_json(d)},      {"codes", codes}};
  return g;
}

}  // namespace vlae
