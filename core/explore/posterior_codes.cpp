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

namespace {
// A name as one CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

std::string to_csv(const PosteriorCodes& c) {
  std::string out = "image";
  if (!c.labels.empty()) out += ",label";
  for (const std::string& f : c.factor_names) out += "," + f;
  for (const char* suffix : {"", "_sd"})
    for (size_t l = 0; l < c.dims.size(); ++l)
      for (int d = 0; d < c.dims[l]; ++d) out += ",z" + std::to_string(l + 1) + "_" + std::to_string(d + 1) + suffix;
  out += "\n";
  char buf[32];
  for (size_t i = 0; i < c.names.size(); ++i) {
    out += csv_field(c.names[i]);
    if (!c.labels.empty()) out += "," + std::to_string(c.labels[i]);
    if (!c.factors.empty())
      for (int64_t f : c.factors[i]) out += "," + std::to_string(f);
    for (const LatentCode* code : {&c.means[i], &c.sds[i]})
      for (const auto& layer : *code)
        for (float v : layer) {
          std::snprintf(buf, sizeof buf, ",%.7g", double(v));
          out += buf;
        }
    out += "\n";
  }
  return out;
}

json to_json(const PosteriorCodes& c) {
  json images = json::array();
  for (size_t i = 0; i < c.names.size(); ++i) {
    json row{{"image", c.names[i]}, {"mean", c.means[i]}, {"sd", c.sds[i]}};
    if (!c.labels.empty()) row["label"] = c.labels[i];
    if (!c.factors.empty())
      for (size_t k = 0; k < c.factor_names.size(); ++k) row[c.factor_names[k]] = c.factors[i][k];
    images.push_back(std::move(row));
  }
  return {{"latent_dims", c.dims}, {"factor_names", c.factor_names}, {"images", images}};
}

}  // namespace vlae
