#include "core/explore/code_direction.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"

namespace vlae {
namespace {

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

std::vector<int64_t> attribute_labels(const Dataset& data, const std::string& attribute) {
  std::vector<int64_t> labels;
  if (attribute == "class") {
    if (data.labels.empty()) throw usage_error("the data set has no class labels: choose --attribute FACTOR");
    return data.labels;
  }
  const auto it = std::find(data.factor_names.begin(), data.factor_names.end(), attribute);
  if (it == data.factor_names.end()) {
    std::string known = data.labels.empty() ? "" : "class";
    for (const std::string& f : data.factor_names) known += (known.empty() ? "" : ", ") + f;
    throw usage_error("--attribute " + attribute +
                      ": the data set has no such labels (it has: " + (known.empty() ? "none" : known) + ")");
  }
  const size_t factor = size_t(it - data.factor_names.begin());
  for (size_t i = 0; i < data.size(); ++i) labels.push_back(data.factor(i, factor));
  return labels;
}

AttributeDirection direction_between(const std::vector<LatentCode>& a, const std::vector<LatentCode>& b, int layer) {
  if (a.empty() || b.empty()) throw usage_error("a direction needs codes on both sides (one side is empty)");
  AttributeDirection d;
  d.layer = layer;
  d.count_from = a.size();
  d.count_to = b.size();
  std::vector<std::vector<float>> x;
  std::vector<int> y;
  for (const auto& [group, is_b] : {std::pair<const std::vector<LatentCode>*, int>{&a, 0}, {&b, 1}})
    for (const LatentCode& code : *group) {
      if (size_t(layer) >= code.size()) throw usage_error("a code has no layer " + std::to_string(layer + 1));
      x.push_back(code[size_t(layer)]);
      y.push_back(is_b);
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
