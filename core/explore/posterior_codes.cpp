#include "core/explore/posterior_codes.h"

#include <algorithm>
#include <cstdio>

#include "core/data/image_tensor.h"

namespace vlae {

using nlohmann::json;

PosteriorCodes encode_posteriors(Model& model, const Dataset& data, const std::vector<int64_t>& indices,
                                 const std::string& prefix, const std::vector<std::string>& names) {
  c10::InferenceMode guard;
  model->eval();
  PosteriorCodes out;
  out.dims = model->config().latent_dims;
  out.factor_names = data.factor_names;
  const auto device = model->parameters().front().device();
  const bool signed_range = model->config().pixel_range == "signed";
  constexpr size_t kBatch = 256;
  for (size_t start = 0; start < indices.size(); start += kBatch) {
    const std::vector<int64_t> batch(indices.begin() + std::ptrdiff_t(start),
                                     indices.begin() + std::ptrdiff_t(std::min(indices.size(), start + kBatch)));
    const auto q = model->encode(images_to_tensor(data, batch, signed_range).to(device));
    const size_t first = out.means.size();
    out.means.resize(first + batch.size());
    out.sds.resize(first + batch.size());
    for (const auto& layer : q) {
      const torch::Tensor mu = layer.mu.to(torch::kCPU, torch::kFloat).contiguous();
      const torch::Tensor sd = layer.sigma.to(torch::kCPU, torch::kFloat).contiguous();
      for (size_t i = 0; i < batch.size(); ++i) {
        const float* m = mu[int64_t(i)].data_ptr<float>();
        const float* s = sd[int64_t(i)].data_ptr<float>();
        out.means[first + i].emplace_back(m, m + mu.size(1));
        out.sds[first + i].emplace_back(s, s + sd.size(1));
      }
    }
  }
  for (size_t i = 0; i < indices.size(); ++i) {
    const size_t at = size_t(indices[i]);
    out.names.push_back(i < names.size() ? names[i] : prefix + ":" + std::to_string(indices[i]));
    if (!data.labels.empty()) out.labels.push_back(data.labels[at]);
    if (!data.factor_names.empty()) {
      std::vector<int64_t> f;
      for (size_t k = 0; k < data.factor_names.size(); ++k) f.push_back(data.factor(at, k));
      out.factors.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace vlae
