#include "core/explore/attribute_direction.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/common/error.h"
#include "core/explore/grids.h"

namespace vlae {
namespace {

// The label of image i under `attribute`: its class, or its value of a known factor.
struct LabelColumn {
  const Dataset& data;
  int factor = -1;  // -1: the class
  int64_t operator()(size_t i) const { return factor < 0 ? data.labels[i] : data.factor(i, size_t(factor)); }
};

LabelColumn label_column(const Dataset& data, const std::string& attribute) {
  if (attribute == "class") {
    if (data.labels.empty()) throw usage_error("the data set has no class labels: choose --attribute FACTOR");
    return {data, -1};
  }
  const auto it = std::find(data.factor_names.begin(), data.factor_names.end(), attribute);
  if (it == data.factor_names.end()) {
    std::string known = data.labels.empty() ? "" : "class";
    for (const std::string& f : data.factor_names) known += (known.empty() ? "" : ", ") + f;
    throw usage_error("--attribute " + attribute +
                      ": the data set has no such labels (it has: " + (known.empty() ? "none" : known) + ")");
  }
  return {data, int(it - data.factor_names.begin())};
}

// A logistic regression of "is B" on the codes, by full-batch gradient descent on standardised
// coordinates (a handful of dimensions, a few thousand images): its normal in code units.
std::vector<float> probe_normal(const std::vector<std::vector<float>>& x, const std::vector<int>& y, double* accuracy) {
  const size_t n = x.size(), d = x.front().size();
  std::vector<double> mean(d, 0), scale(d, 0);
  for (const auto& row : x)
    for (size_t k = 0; k < d; ++k) mean[k] += row[k] / double(n);
  for (const auto& row : x)
    for (size_t k = 0; k < d; ++k) scale[k] += (row[k] - mean[k]) * (row[k] - mean[k]) / double(n);
  for (double& s : scale) s = s > 1e-12 ? std::sqrt(s) : 1.0;
  std::vector<double> w(d, 0), grad(d);
  double b = 0;
  for (int iter = 0; iter < 500; ++iter) {
    std::fill(grad.begin(), grad.end(), 0.0);
    double grad_b = 0;
    for (size_t i = 0; i < n; ++i) {
      double z = b;
      for (size_t k = 0; k < d; ++k) z += w[k] * (x[i][k] - mean[k]) / scale[k];
      const double err = 1.0 / (1.0 + std::exp(-z)) - y[i];
      for (size_t k = 0; k < d; ++k) grad[k] += err * (x[i][k] - mean[k]) / scale[k] / double(n);
      grad_b += err / double(n);
    }
    for (size_t k = 0; k < d; ++k) w[k] -= 0.5 * (grad[k] + 1e-3 * w[k]);  // a little L2: separable sets stay bounded
    b -= 0.5 * grad_b;
  }
  size_t right = 0;
  for (size_t i = 0; i < n; ++i) {
    double z = b;
    for (size_t k = 0; k < d; ++k) z += w[k] * (x[i][k] - mean[k]) / scale[k];
    right += (z > 0) == (y[i] == 1);
  }
  *accuracy = double(right) / double(n);
  std::vector<float> normal(d);
  double norm = 0;
  for (size_t k = 0; k < d; ++k) norm += (w[k] / scale[k]) * (w[k] / scale[k]);
  norm = std::sqrt(norm);
  for (size_t k = 0; k < d; ++k) normal[k] = norm > 0 ? float(w[k] / scale[k] / norm) : 0.0f;
  return normal;
}

std::vector<float> floats(const nlohmann::json& j, const std::string& key, const std::string& origin) {
  if (!j.contains(key) || !j[key].is_array()) throw usage_error(origin + ": no list \"" + key + "\"");
  std::vector<float> v;
  for (const auto& x : j[key]) {
    if (!x.is_number() || !std::isfinite(x.get<double>()))
      throw usage_error(origin + ": \"" + key + "\" holds something other than finite numbers");
    v.push_back(x.get<float>());
  }
  return v;
}

}  // namespace

AttributeDirection attribute_direction(Model& model, const Dataset& data, int layer, const std::string& attribute,
                                       int64_t from, int64_t to, size_t max_per_label, uint64_t seed) {
  const int layers = model->config().layers();
  if (layer < 0 || layer >= layers)
    throw usage_error("--layer must be between 1 and " + std::to_string(layers) + ", not " + std::to_string(layer + 1));
  if (from == to)
    throw usage_error("--from and --to are both " + std::to_string(from) + ": a direction needs two labels");
  const LabelColumn label = label_column(data, attribute);
  std::vector<int64_t> a, b;
  for (size_t i = 0; i < data.size(); ++i) {
    const int64_t v = label(i);
    if (v == from) a.push_back(int64_t(i));
    if (v == to) b.push_back(int64_t(i));
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
  AttributeDirection d;
  d.layer = layer;
  d.attribute = attribute;
  d.from = from;
  d.to = to;
  d.count_from = a.size();
  d.count_to = b.size();
  std::vector<std::vector<float>> x;
  std::vector<int> y;
  for (const auto& [group, is_b] : {std::pair<const std::vector<int64_t>*, int>{&a, 0}, {&b, 1}}) {
    for (const LatentCode& code : encode_means(model, data, *group)) {
      x.push_back(code[size_t(layer)]);
      y.push_back(is_b);
    }
  }
  const size_t dims = x.front().size();
  d.mean_from.assign(dims, 0.0f);
  d.mean_to.assign(dims, 0.0f);
  for (size_t i = 0; i < x.size(); ++i) {
    std::vector<float>& mean = y[i] ? d.mean_to : d.mean_from;
    const double count = double(y[i] ? d.count_to : d.count_from);
    for (size_t k = 0; k < dims; ++k) mean[k] += float(x[i][k] / count);
  }
  d.direction.resize(dims);
  for (size_t k = 0; k < dims; ++k) d.direction[k] = d.mean_to[k] - d.mean_from[k];
  d.probe_normal = probe_normal(x, y, &d.probe_accuracy);
  return d;
}

LatentCode moved_along(const LatentCode& code, const AttributeDirection& d, double t) {
  if (size_t(d.layer) >= code.size() || code[size_t(d.layer)].size() != d.direction.size())
    throw usage_error("the direction is for layer " + std::to_string(d.layer + 1) + " of " +
                      std::to_string(d.direction.size()) + " dims, which this model does not have");
  LatentCode moved = code;
  for (size_t k = 0; k < d.direction.size(); ++k) moved[size_t(d.layer)][k] += float(t * d.direction[k]);
  return moved;
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

nlohmann::json to_json(const AttributeDirection& d) {
  return {{"kind", "attribute-direction"},
          {"layer", d.layer + 1},
          {"attribute", d.attribute},
          {"from", d.from},
          {"to", d.to},
          {"count_from", d.count_from},
          {"count_to", d.count_to},
          {"mean_from", d.mean_from},
          {"mean_to", d.mean_to},
          {"direction", d.direction},
          {"probe_normal", d.probe_normal},
          {"probe_accuracy", d.probe_accuracy}};
}

AttributeDirection direction_from_json(const nlohmann::json& j, const std::string& origin) {
  if (!j.is_object() || j.value("kind", std::string()) != "attribute-direction")
    throw usage_error(origin + ": not a direction file (written by `vlae direction`)");
  AttributeDirection d;
  if (!j.contains("layer") || !j["layer"].is_number_integer() || j["layer"].get<int>() < 1)
    throw usage_error(origin + ": \"layer\" must be a layer number from 1");
  d.layer = j["layer"].get<int>() - 1;
  d.attribute = j.value("attribute", std::string("class"));
  d.from = j.value("from", int64_t(0));
  d.to = j.value("to", int64_t(0));
  d.direction = floats(j, "direction", origin);
  if (d.direction.empty()) throw usage_error(origin + ": the direction is empty");
  d.mean_from = j.contains("mean_from") ? floats(j, "mean_from", origin) : std::vector<float>{};
  d.mean_to = j.contains("mean_to") ? floats(j, "mean_to", origin) : std::vector<float>{};
  d.probe_normal = j.contains("probe_normal") ? floats(j, "probe_normal", origin) : std::vector<float>{};
  return d;
}

}  // namespace vlae
