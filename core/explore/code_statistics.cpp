#include "core/explore/code_statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/error.h"

namespace vlae {

LatentCode mean_code(const std::vector<LatentCode>& codes, const std::vector<size_t>& which) {
  if (which.empty()) throw usage_error("the selection is empty: select some codes first");
  LatentCode mean = codes.at(which.front());
  for (auto& layer : mean) std::fill(layer.begin(), layer.end(), 0.0f);
  for (size_t i : which) {
    const LatentCode& c = codes.at(i);
    for (size_t l = 0; l < mean.size(); ++l)
      for (size_t k = 0; k < mean[l].size(); ++k) mean[l][k] += c[l][k];
  }
  for (auto& layer : mean)
    for (float& v : layer) v /= float(which.size());
  return mean;
}

LatentCode code_arithmetic(const LatentCode& base, const LatentCode& a, const LatentCode& b, const LatentCode& c,
                           const std::vector<bool>& layers) {
  for (const LatentCode* x : {&a, &b, &c}) {
    bool same = x->size() == base.size();
    for (size_t l = 0; same && l < base.size(); ++l) same = (*x)[l].size() == base[l].size();
    if (!same) throw usage_error("latent arithmetic needs codes A, B and C of this model (one is empty or another's)");
  }
  LatentCode out = base;
  for (size_t l = 0; l < out.size() && l < layers.size(); ++l)
    if (layers[l])
      for (size_t k = 0; k < out[l].size(); ++k) out[l][k] = a[l][k] - b[l][k] + c[l][k];
  return out;
}

std::vector<std::vector<double>> kl_per_dim(const std::vector<LatentCode>& means, const std::vector<LatentCode>& sds) {
  std::vector<std::vector<double>> kl;
  if (means.empty() || sds.size() != means.size()) return kl;
  for (const auto& layer : means.front()) kl.emplace_back(layer.size(), 0.0);
  for (size_t i = 0; i < means.size(); ++i)
    for (size_t l = 0; l < kl.size(); ++l)
      for (size_t k = 0; k < kl[l].size(); ++k) {
        const double mu = means[i][l][k], sd = std::max(double(sds[i][l][k]), 1e-12);
        kl[l][k] += 0.5 * (mu * mu + sd * sd - 1.0) - std::log(sd);
      }
  for (auto& layer : kl)
    for (double& v : layer) v /= double(means.size());
  return kl;
}

std::vector<int> dims_by_value(const std::vector<double>& values) {
  std::vector<int> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return values[size_t(a)] > values[size_t(b)]; });
  return order;
}

std::vector<std::pair<size_t, double>> nearest_codes(const std::vector<LatentCode>& codes,
                                                     const std::vector<float>& query, int layer, size_t k) {
  std::vector<std::pair<size_t, double>> all;
  all.reserve(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::vector<float>& z = codes[i].at(size_t(layer));
    if (z.size() != query.size()) continue;
    double d = 0;
    for (size_t j = 0; j < z.size(); ++j) d += double(z[j] - query[j]) * double(z[j] - query[j]);
    all.emplace_back(i, d);
  }
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(),
                    [](const auto& a, const auto& b) { return a.second < b.second; });
  all.resize(k);
  for (auto& p : all) p.second = std::sqrt(p.second);
  return all;
}

}  // namespace vlae
