#include "core/explore/disentanglement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/common/error.h"

namespace vlae {
namespace {

using json = nlohmann::json;
using Column = std::vector<double>;

constexpr int kLassoMaxSweeps = 10000;
constexpr double kLassoTolerance = 1e-9;

double clamp01(double v) { return std::isfinite(v) ? std::min(1.0, std::max(0.0, v)) : 0.0; }

// Entropy of the distribution w / sum(w), in nats; zeros contribute nothing.
double entropy_nats(const std::vector<double>& w) {
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  if (!(total > 0)) return 0;
  double h = 0;
  for (double v : w)
    if (v > 0) h -= (v / total) * std::log(v / total);
  return h;
}

// The same in base `outcomes`, so it lies in [0, 1]; a single outcome has none.
double normalised_entropy(const std::vector<double>& w, size_t outcomes) {
  return outcomes < 2 ? 0.0 : entropy_nats(w) / std::log(double(outcomes));
}

// The best and second best of a score list (0 for a missing second).
double top_two_gap(std::vector<double> s) {
  std::sort(s.begin(), s.end(), std::greater<double>());
  return s.size() < 2 ? s.at(0) : s[0] - s[1];
}

// Predicts a class from one number by the nearest class mean of the train part: thresholds halfway
// between neighbouring means. When every sample has the same value, the most frequent class.
class NearestMean {
 public:
  NearestMean(const Column& x, const std::vector<int>& y, const std::vector<size_t>& rows, int levels) {
    std::vector<double> sum(levels, 0.0);
    std::vector<size_t> count(levels, 0);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t i : rows) {
      sum[y[i]] += x[i];
      ++count[y[i]];
      lo = std::min(lo, x[i]);
      hi = std::max(hi, x[i]);
    }
    if (!(hi > lo)) {
      classes_.push_back(int(std::max_element(count.begin(), count.end()) - count.begin()));
      return;
    }
    std::vector<std::pair<double, int>> means;
    for (int c = 0; c < levels; ++c)
      if (count[c]) means.push_back({sum[c] / double(count[c]), c});
    std::sort(means.begin(), means.end());
    for (size_t m = 0; m < means.size(); ++m) {
      classes_.push_back(means[m].second);
      if (m + 1 < means.size()) cuts_.push_back(0.5 * (means[m].first + means[m + 1].first));
    }
  }
  int predict(double v) const { return classes_[std::upper_bound(cuts_.begin(), cuts_.end(), v) - cuts_.begin()]; }
  double accuracy(const Column& x, const std::vector<int>& y, const std::vector<size_t>& rows) const {
    size_t right = 0;
    for (size_t i : rows) right += predict(x[i]) == y[i];
    return rows.empty() ? 0.0 : double(right) / double(rows.size());
  }

 private:
  std::vector<double> cuts_;
  std::vector<int> classes_;
};

struct Problem {
  std::vector<Column> z;            // D columns of N code values
  std::vector<std::vector<int>> y;  // K columns of N factor ranks
  std::vector<int> levels;          // per factor
  std::vector<int> active;          // factors with two levels or more
  std::vector<size_t> train, test;
};

double mutual_information_gap(const Problem& p, int bins) {
  const size_t n = p.z[0].size(), dims = p.z.size();
  const double total_n = double(n);
  std::vector<std::vector<double>> mi(p.active.size(), std::vector<double>(dims, 0.0));
  std::vector<int> bin(n);
  std::vector<double> joint;
  for (size_t j = 0; j < dims; ++j) {
    const Column& x = p.z[j];
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    const double scale = *hi > *lo ? bins / (*hi - *lo) : 0.0;  // a constant dim falls in one bin: no information
    std::vector<double> bin_count(bins, 0.0);
    for (size_t i = 0; i < n; ++i) {
      bin[i] = std::min(bins - 1, int((x[i] - *lo) * scale));
      ++bin_count[bin[i]];
    }
    for (size_t a = 0; a < p.active.size(); ++a) {
      const std::vector<int>& y = p.y[p.active[a]];
      const int levels = p.levels[p.active[a]];
      joint.assign(size_t(bins) * levels, 0.0);
      std::vector<double> class_count(levels, 0.0);
      for (size_t i = 0; i < n; ++i) {
        ++joint[size_t(bin[i]) * levels + y[i]];
        ++class_count[y[i]];
      }
      double info = 0;
      for (int b = 0; b < bins; ++b)
        for (int c = 0; c < levels; ++c) {
          const double both = joint[size_t(b) * levels + c];
          if (both > 0) info += both / total_n * std::log(both * total_n / (bin_count[b] * class_count[c]));
        }
      mi[a][j] = info;
    }
  }
  double total = 0;
  for (size_t a = 0; a < p.active.size(); ++a) {
    std::vector<double> class_count(p.levels[p.active[a]], 0.0);
    for (int c : p.y[p.active[a]]) ++class_count[c];
    const double h = entropy_nats(class_count);
    total += clamp01(top_two_gap(mi[a]) / h);
  }
  return total / double(p.active.size());
}

double separated_attribute_predictability(const Problem& p) {
  double total = 0;
  for (int k : p.active) {
    std::vector<double> score;
    for (const Column& x : p.z)
      score.push_back(NearestMean(x, p.y[k], p.train, p.levels[k]).accuracy(x, p.y[k], p.test));
    total += clamp01(top_two_gap(score));
  }
  return total / double(p.active.size());
}

// Lasso by cyclic coordinate descent on the Gram matrix g (dims x dims) and c = X^T y / n.
std::vector<double> lasso(const std::vector<double>& g, const std::vector<double>& c, double alpha) {
  const size_t dims = c.size();
  std::vector<double> w(dims, 0.0), gw(dims, 0.0);  // gw = g w, kept up to date
  for (int sweep = 0; sweep < kLassoMaxSweeps; ++sweep) {
    double largest = 0;
    for (size_t j = 0; j < dims; ++j) {
      const double gjj = g[j * dims + j];
      if (gjj <= 0) continue;
      const double r = c[j] - (gw[j] - gjj * w[j]);
      const double shrunk = r > alpha ? r - alpha : r < -alpha ? r + alpha : 0.0;
      const double step = shrunk / gjj - w[j];
      if (step == 0) continue;
      for (size_t l = 0; l < dims; ++l) gw[l] += g[l * dims + j] * step;
      w[j] += step;
      largest = std::max(largest, std::abs(step));
    }
    if (largest < kLassoTolerance) break;
  }
  return w;
}

// DCI on the problem; fills r (dims x factors importance, zero columns for inactive factors).
DciScores dci(const Problem& p, double alpha, std::vector<std::vector<double>>& r) {
  const size_t dims = p.z.size(), factors = p.y.size(), n = p.train.size();
  // Codes standardised with the train part's statistics; a dim constant there reads as 0.
  std::vector<Column> xs(dims, Column(p.z[0].size(), 0.0));
  for (size_t j = 0; j < dims; ++j) {
    double mean = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t i : p.train) {
      mean += p.z[j][i];
      lo = std::min(lo, p.z[j][i]);
      hi = std::max(hi, p.z[j][i]);
    }
    mean /= double(n);
    double var = 0;
    for (size_t i : p.train) var += (p.z[j][i] - mean) * (p.z[j][i] - mean);
    const double sd = std::sqrt(var / double(n));
    if (!(hi > lo) || !(sd > 0)) continue;
    for (size_t i = 0; i < xs[j].size(); ++i) xs[j][i] = (p.z[j][i] - mean) / sd;
  }
  std::vector<double> g(dims * dims, 0.0);
  std::vector<double> row(dims);
  for (size_t i : p.train) {
    for (size_t j = 0; j < dims; ++j) row[j] = xs[j][i];
    for (size_t j = 0; j < dims; ++j)
      for (size_t l = j; l < dims; ++l) g[j * dims + l] += row[j] * row[l];
  }
  for (size_t j = 0; j < dims; ++j)
    for (size_t l = j; l < dims; ++l) g[l * dims + j] = g[j * dims + l] /= double(n);

  r.assign(dims, std::vector<double>(factors, 0.0));
  double informativeness = 0;
  for (int k : p.active) {
    const std::vector<int>& y = p.y[k];
    double mean = 0, var = 0;
    for (size_t i : p.train) mean += y[i];
    mean /= double(n);
    for (size_t i : p.train) var += (y[i] - mean) * (y[i] - mean);
    const double sd = std::sqrt(var / double(n));
    std::vector<double> w(dims, 0.0);
    if (sd > 0) {
      std::vector<double> c(dims, 0.0);
      for (size_t j = 0; j < dims; ++j) {
        for (size_t i : p.train) c[j] += xs[j][i] * (y[i] - mean);
        c[j] /= double(n) * sd;
      }
      w = lasso(g, c, alpha);
    }
    Column prediction(p.z[0].size(), 0.0);
    for (size_t j = 0; j < dims; ++j) {
      r[j][k] = std::abs(w[j]);
      if (w[j] != 0)
        for (size_t i = 0; i < prediction.size(); ++i) prediction[i] += w[j] * xs[j][i];
    }
    informativeness += NearestMean(prediction, y, p.train, p.levels[k]).accuracy(prediction, y, p.test);
  }

  DciScores s;
  s.informativeness = clamp01(informativeness / double(p.active.size()));
  double total = 0;
  for (const auto& code : r) total += std::accumulate(code.begin(), code.end(), 0.0);
  if (!(total > 0)) return s;
  for (size_t j = 0; j < dims; ++j) {
    std::vector<double> over_factors;
    for (int k : p.active) over_factors.push_back(r[j][k]);
    const double weight = std::accumulate(over_factors.begin(), over_factors.end(), 0.0) / total;
    if (weight > 0) s.disentanglement += weight * (1 - normalised_entropy(over_factors, p.active.size()));
  }
  for (int k : p.active) {
    std::vector<double> over_dims(dims);
    for (size_t j = 0; j < dims; ++j) over_dims[j] = r[j][k];
    const double weight = std::accumulate(over_dims.begin(), over_dims.end(), 0.0) / total;
    if (weight > 0) s.completeness += weight * (1 - normalised_entropy(over_dims, dims));
  }
  s.disentanglement = clamp01(s.disentanglement);
  s.completeness = clamp01(s.completeness);
  return s;
}

}  // namespace

DisentanglementReport measure_disentanglement(const std::vector<float>& codes, const std::vector<int64_t>& factors,
                                              const std::vector<std::string>& factor_names,
                                              const std::vector<int>& layer_dims,
                                              const DisentanglementOptions& options) {
  const std::string who = "disentanglement metrics: ";
  if (factor_names.empty()) throw usage_error(who + "no factors given");
  if (layer_dims.empty()) throw usage_error(who + "no latent layers given");
  size_t dims = 0;
  for (size_t l = 0; l < layer_dims.size(); ++l) {
    if (layer_dims[l] < 1)
      throw usage_error(who + "layer " + std::to_string(l + 1) + " has " + std::to_string(layer_dims[l]) +
                        " dims; every layer needs at least 1");
    dims += size_t(layer_dims[l]);
  }
  const size_t k_count = factor_names.size();
  if (factors.size() % k_count != 0)
    throw usage_error(who + std::to_string(factors.size()) + " factor values are not a whole number of rows of " +
                      std::to_string(k_count) + " factors");
  const size_t n = factors.size() / k_count;
  if (codes.size() != n * dims)
    throw usage_error(who + std::to_string(codes.size()) + " code values for " + std::to_string(n) + " samples of " +
                      std::to_string(dims) + " dims; expected " + std::to_string(n * dims));
  if (n < size_t(kMinDisentanglementSamples) || n > size_t(std::numeric_limits<int>::max()))
    throw usage_error(who + "need at least " + std::to_string(kMinDisentanglementSamples) + " samples, got " +
                      std::to_string(n));
  if (!(options.train_share > 0 && options.train_share < 1))
    throw usage_error(who + "train share must lie strictly between 0 and 1, got " +
                      std::to_string(options.train_share));
  if (options.mig_bins < 2 || options.mig_bins > 10000)
    throw usage_error(who + "MIG bins must be 2..10000, got " + std::to_string(options.mig_bins));
  if (!(options.lasso_alpha >= 0) || !std::isfinite(options.lasso_alpha))
    throw usage_error(who + "lasso alpha must be a finite number >= 0, got " + std::to_string(options.lasso_alpha));

  Problem p;
  p.z.assign(dims, Column(n));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < dims; ++j) {
      const float v = codes[i * dims + j];
      if (!std::isfinite(v))
        throw usage_error(who + "code value of sample " + std::to_string(i) + ", dim " + std::to_string(j) +
                          " is not finite");
      p.z[j][i] = v;
    }
  p.y.assign(k_count, std::vector<int>(n));
  p.levels.assign(k_count, 0);
  for (size_t k = 0; k < k_count; ++k) {
    std::vector<int64_t> values(n);
    for (size_t i = 0; i < n; ++i) values[i] = factors[i * k_count + k];
    std::vector<int64_t> distinct = values;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    p.levels[k] = int(distinct.size());
    for (size_t i = 0; i < n; ++i)
      p.y[k][i] = int(std::lower_bound(distinct.begin(), distinct.end(), values[i]) - distinct.begin());
    if (p.levels[k] >= 2) p.active.push_back(int(k));
  }

  // A seeded shuffle from the raw engine output: the same split with every standard library.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t(0));
  std::mt19937_64 rng(options.seed);
  for (size_t i = n - 1; i > 0; --i) std::swap(order[i], order[size_t(rng() % (i + 1))]);
  const size_t n_test = std::clamp<size_t>(size_t(std::lround(double(n) * (1 - options.train_share))), 1, n - 1);
  p.train.assign(order.begin(), order.end() - long(n_test));
  p.test.assign(order.end() - long(n_test), order.end());
  std::sort(p.train.begin(), p.train.end());
  std::sort(p.test.begin(), p.test.end());

  DisentanglementReport report;
  report.samples_train = int(p.train.size());
  report.samples_test = int(p.test.size());
  for (const std::string& name : factor_names)
    report.factor_layers.push_back({name, std::vector<double>(layer_dims.size(), 0.0), 0});
  if (p.active.empty()) return report;

  report.mig = clamp01(mutual_information_gap(p, options.mig_bins));
  report.sap = clamp01(separated_attribute_predictability(p));
  std::vector<std::vector<double>> importance;
  report.dci = dci(p, options.lasso_alpha, importance);

  for (int k : p.active) {
    FactorLayers& f = report.factor_layers[k];
    double total = 0;
    size_t j = 0;
    for (size_t l = 0; l < layer_dims.size(); ++l)
      for (int d = 0; d < layer_dims[l]; ++d, ++j) {
        f.share[l] += importance[j][k];
        total += importance[j][k];
      }
    if (!(total > 0)) continue;
    for (double& s : f.share) s = clamp01(s / total);
    f.layer = int(std::max_element(f.share.begin(), f.share.end()) - f.share.begin()) + 1;
  }
  return report;
}

json to_json(const DisentanglementReport& r) {
  json out;
  out["mig"] = r.mig;
  out["sap"] = r.sap;
  out["dci"] = {{"disentanglement", r.dci.disentanglement},
                {"completeness", r.dci.completeness},
                {"informativeness", r.dci.informativeness}};
  json layers = json::array();
  for (const FactorLayers& f : r.factor_layers)
    layers.push_back({{"factor", f.factor}, {"share", f.share}, {"layer", f.layer}});
  out["factor_layers"] = std::move(layers);
  out["samples_train"] = r.samples_train;
  out["samples_test"] = r.samples_test;
  return out;
}

DisentanglementReport disentanglement_from_json(const json& j) {
  if (!j.is_object()) throw Error("disentanglement JSON: expected an object, found " + std::string(j.type_name()));
  DisentanglementReport r;
  try {
    r.mig = j.value("mig", 0.0);
    r.sap = j.value("sap", 0.0);
    const json dci = j.value("dci", json::object());
    r.dci.disentanglement = dci.value("disentanglement", 0.0);
    r.dci.completeness = dci.value("completeness", 0.0);
    r.dci.informativeness = dci.value("informativeness", 0.0);
    for (const json& f : j.value("factor_layers", json::array()))
      r.factor_layers.push_back({f.value("factor", ""), f.value("share", std::vector<double>{}), f.value("layer", 0)});
    r.samples_train = j.value("samples_train", 0);
    r.samples_test = j.value("samples_test", 0);
  } catch (const json::exception& e) {
    throw Error(std::string("disentanglement JSON: ") + e.what());
  }
  return r;
}

}  // namespace vlae
