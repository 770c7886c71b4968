#include "core/explore/measure_hierarchy.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "core/common/error.h"
#include "core/data/image_tensor.h"
#include "core/data/random_subset.h"
#include "core/explore/heldout_likelihood.h"
#include "core/explore/probes.h"
#include "core/model/step_noise.h"

namespace vlae {

namespace {
constexpr int64_t kChunk = 250;               // images per forward pass
constexpr double kActiveUnitVariance = 0.01;  // Burda et al.'s threshold for an active unit

// Images decoded from codes, as [N, pixels] in [0, 1].
torch::Tensor decode_flat(Model& model, const std::vector<torch::Tensor>& z) {
  std::vector<torch::Tensor> parts;
  const int64_t n = z[0].size(0);
  for (int64_t s = 0; s < n; s += kChunk) {
    std::vector<torch::Tensor> chunk;
    for (const auto& t : z) chunk.push_back(t.slice(0, s, std::min(s + kChunk, n)));
    torch::Tensor img = model->decode(chunk);
    if (model->config().pixel_range == "signed") img = (img + 1) / 2;
    parts.push_back(img.flatten(1).to(torch::kFloat64));
  }
  return torch::cat(parts);
}

torch::Tensor column(const Dataset& d, const std::vector<int64_t>& idx, int factor) {
  std::vector<int64_t> y;
  for (int64_t i : idx) y.push_back(factor < 0 ? d.labels[size_t(i)] : d.factor(size_t(i), size_t(factor)));
  return torch::tensor(y, torch::kInt64);
}
// MIG, SAP and DCI on the posterior means of every layer, concatenated bottom to top, of a seeded
// random subset of the held-out images.
DisentanglementReport measure_standard_metrics(Model& model, const Dataset& heldout, const ReportOptions& o) {
  const std::vector<int64_t> idx =
      random_subset(heldout.size(), size_t(std::min<size_t>(size_t(o.metric_samples), heldout.size())), o.seed + 3);
  const std::vector<torch::Tensor> means = posterior_means(model, heldout, idx);
  const torch::Tensor all = torch::cat(means, 1).to(torch::kCPU).to(torch::kFloat32).contiguous();
  std::vector<float> codes(all.data_ptr<float>(), all.data_ptr<float>() + all.numel());
  std::vector<int64_t> factors;
  factors.reserve(idx.size() * heldout.factor_names.size());
  for (int64_t i : idx)
    for (size_t k = 0; k < heldout.factor_names.size(); ++k) factors.push_back(heldout.factor(size_t(i), k));
  DisentanglementOptions options;
  options.seed ^= o.seed;
  return measure_disentanglement(codes, factors, heldout.factor_names, model->config().latent_dims, options);
}

}  // namespace

std::vector<double> layer_variation(Model& model, int bases, int resamples, uint64_t seed) {
  if (bases < 1 || resamples < 2) throw usage_error("variation needs at least 1 base code and 2 resamples");
  c10::InferenceMode guard;
  model->eval();
  const auto device = model->parameters().front().device();
  const std::vector<int>& dims = model->config().latent_dims;
  const std::vector<torch::Tensor> base = step_noise(seed, 0, bases, dims);
  std::vector<double> out;
  for (size_t l = 0; l < dims.size(); ++l) {
    std::vector<torch::Tensor> z;
    for (size_t k = 0; k < dims.size(); ++k) {
      torch::Tensor t = k == l ? step_noise(seed, int64_t(l) + 1, int64_t(bases) * resamples, dims)[k]
                               : base[k].repeat_interleave(resamples, 0);
      z.push_back(t.to(device));
    }
    const torch::Tensor images = decode_flat(model, z).view({bases, resamples, -1});
    out.push_back(images.var(1, /*unbiased=*/false).mean().item<double>());
  }
  return out;
}

std::vector<torch::Tensor> posterior_means(Model& model, const Dataset& data, const std::vector<int64_t>& indices) {
  c10::InferenceMode guard;
  model->eval();
  const auto device = model->parameters().front().device();
  const bool signed_range = model->config().pixel_range == "signed";
  std::vector<std::vector<torch::Tensor>> parts(size_t(model->config().layers()));
  for (size_t s = 0; s < indices.size(); s += kChunk) {
    const std::vector<int64_t> chunk(indices.begin() + long(s),
                                     indices.begin() + long(std::min(s + kChunk, indices.size())));
    const auto q = model->encode(images_to_tensor(data, chunk, signed_range).to(device));
    for (size_t l = 0; l < q.size(); ++l) parts[l].push_back(q[l].mu.to(torch::kCPU, torch::kFloat32));
  }
  std::vector<torch::Tensor> out;
  for (auto& p : parts) out.push_back(torch::cat(p));
  return out;
}

HierarchyReport measure_hierarchy(Model& model, const Dataset& train, const Dataset& heldout, const ReportOptions& o) {
  if (heldout.size() == 0) throw Error("report: the held-out split is empty");
  const ModelConfig& m = model->config();
  HierarchyReport r;
  r.variation_bases = o.bases;
  r.variation_resamples = o.resamples;

  const std::vector<double> variation = layer_variation(model, o.bases, o.resamples, o.seed);
  const double total = std::accumulate(variation.begin(), variation.end(), 0.0);
  for (int l = 0; l < m.layers(); ++l) {
    LayerReport lr;
    lr.layer = l + 1;
    lr.dims = m.latent_dims[size_t(l)];
    lr.variation = variation[size_t(l)];
    lr.variation_share = total > 0 ? variation[size_t(l)] / total : 0.0;
    r.layers.push_back(lr);
  }

  const std::vector<int64_t> test_idx = random_subset(heldout.size(), size_t(std::max(o.probe_test, 0)), o.seed + 1);
  const std::vector<int64_t> train_idx = random_subset(train.size(), size_t(std::max(o.probe_train, 0)), o.seed + 2);
  r.probe_test = int(test_idx.size());
  r.probe_train = int(train_idx.size());
  const std::vector<torch::Tensor> test_means = posterior_means(model, heldout, test_idx);

  // KL terms (per layer and per dim) and active units on the held-out images.
  {
    c10::InferenceMode guard;
    const auto device = model->parameters().front().device();
    std::vector<torch::Tensor> kl_dims;
    for (int d : m.latent_dims) kl_dims.push_back(torch::zeros({d}, torch::kFloat64));
    for (size_t s = 0; s < test_idx.size(); s += kChunk) {
      const std::vector<int64_t> chunk(test_idx.begin() + long(s),
                                       test_idx.begin() + long(std::min(s + kChunk, test_idx.size())));
      std::vector<torch::Tensor> eps = step_noise(o.seed, int64_t(s), int64_t(chunk.size()), m.latent_dims);
      for (auto& e : eps) e = e.to(device);
      const LossTerms t = model->loss(images_to_tensor(heldout, chunk, m.pixel_range == "signed").to(device), eps, 1.0);
      for (size_t l = 0; l < kl_dims.size(); ++l)
        kl_dims[l] += t.kl_per_dim[l].to(torch::kCPU, torch::kFloat64) * double(chunk.size());
    }
    for (size_t l = 0; l < kl_dims.size(); ++l) {
      LayerReport& lr = r.layers[l];
      const torch::Tensor per_dim = kl_dims[l] / double(test_idx.size());
      lr.kl_nats = per_dim.sum().item<double>();
      lr.kl_per_dim.assign(per_dim.data_ptr<double>(), per_dim.data_ptr<double>() + per_dim.numel());
      const torch::Tensor var = test_means[l].var(0, /*unbiased=*/false).to(torch::kFloat64).contiguous();
      lr.mean_variance_per_dim.assign(var.data_ptr<double>(), var.data_ptr<double>() + var.numel());
      lr.active_units = int(var.gt(kActiveUnitVariance).sum().item<int64_t>());
    }
  }
  if (o.iw_samples > 0) {
    const HeldoutLikelihood nll = heldout_likelihood(model, heldout, test_idx, o.iw_samples, o.seed + 3);
    r.iw_samples = nll.samples;
    r.nll_images = nll.images;
    r.nll_nats = nll.nll_nats;
    r.bits_per_dim = nll.bits_per_dim;
  }

  const bool labelled = !train.labels.empty() && !heldout.labels.empty();
  const bool has_factors = !train.factor_names.empty() && train.factor_names == heldout.factor_names;
  if (!labelled && !has_factors) return r;
  const std::vector<torch::Tensor> train_means = posterior_means(model, train, train_idx);
  if (labelled) {
    const torch::Tensor ytr = column(train, train_idx, -1), yte = column(heldout, test_idx, -1);
    for (size_t l = 0; l < r.layers.size(); ++l) {
      r.layers[l].knn_accuracy = knn_accuracy(train_means[l], ytr, test_means[l], yte, o.knn_k);
      r.layers[l].logreg_accuracy = logreg_accuracy(train_means[l], ytr, test_means[l], yte);
    }
  }
  if (has_factors && o.metric_samples > 0) {
    r.disentanglement = measure_standard_metrics(model, heldout, o);
    r.has_disentanglement = true;
  }
  if (has_factors) {
    for (size_t f = 0; f < train.factor_names.size(); ++f) {
      FactorReport fr;
      fr.factor = train.factor_names[f];
      const torch::Tensor ytr = column(train, train_idx, int(f)), yte = column(heldout, test_idx, int(f));
      for (size_t l = 0; l < r.layers.size(); ++l)
        fr.knn_accuracy.push_back(knn_accuracy(train_means[l], ytr, test_means[l], yte, o.knn_k));
      fr.best_layer =
          int(std::max_element(fr.knn_accuracy.begin(), fr.knn_accuracy.end()) - fr.knn_accuracy.begin()) + 1;
      r.factors.push_back(fr);
    }
  }
  return r;
}

}  // namespace vlae
