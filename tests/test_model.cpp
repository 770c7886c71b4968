// Shape and size checks of the VLAE presets: forward and backward on random batches.
#include <doctest/doctest.h>

#include "core/model/config.h"
#include "core/model/vlae.h"

using namespace vlae;

namespace {
std::vector<torch::Tensor> noise_like(const std::vector<Posterior>& q) {
  std::vector<torch::Tensor> eps;
  for (const auto& p : q) eps.push_back(torch::randn_like(p.mu));
  return eps;
}

void check_forward_backward(const std::string& preset, int batch) {
  RunConfig cfg = load_preset(preset);
  const ModelConfig& m = cfg.model;
  VLAE model(m);
  torch::manual_seed(1);
  torch::Tensor x = torch::rand({batch, m.channels, m.height, m.width});
  if (m.pixel_range == "signed") x = x * 2 - 1;
  const auto q = model->encode(x);
  REQUIRE(int(q.size()) == m.layers());
  for (int l = 0; l < m.layers(); ++l) {
    CHECK(q[l].mu.sizes() == torch::IntArrayRef({batch, m.latent_dims[l]}));
    CHECK(q[l].sigma.min().item<float>() > 0.0f);
  }
  const auto terms = model->loss(x, noise_like(q), 0.5);
  CHECK(terms.total.dim() == 0);
  CHECK(std::isfinite(terms.total.item<double>()));
  CHECK(int(terms.kl.size()) == m.layers());
  terms.total.backward();
  int64_t with_grad = 0;
  for (const auto& p : model->parameters()) with_grad += p.grad().defined() ? 1 : 0;
  CHECK(with_grad == int64_t(model->parameters().size()));

  std::vector<torch::Tensor> z;
  for (int d : m.latent_dims) z.push_back(torch::randn({3, d}));
  model->eval();
  const torch::Tensor img = model->decode(z);
  CHECK(img.sizes() == torch::IntArrayRef({3, m.channels, m.height, m.width}));
  const double lo = m.pixel_range == "signed" ? -1.0 : 0.0;
  CHECK(img.min().item<double>() >= lo);
  CHECK(img.max().item<double>() <= 1.0);
}
}  // namespace

TEST_CASE("mnist preset: about 25.9 M parameters, forward and backward") {
  RunConfig cfg = load_preset("mnist");
  VLAE model(cfg.model);
  const double params = double(model->parameter_count());
  MESSAGE("mnist parameters: " << params);
  CHECK(params == doctest::Approx(25.9e6).epsilon(0.02));
  check_forward_backward("mnist", 4);
}

TEST_CASE("svhn preset: forward and backward on 32x32x3") { check_forward_backward("svhn", 2); }

TEST_CASE("celeba preset: forward and backward on 64x64x3") { check_forward_backward("celeba", 2); }

TEST_CASE("concat and bernoulli variants of a small model") {
  RunConfig cfg = load_preset("mnist");
  cfg.model.fc_width = 32;
  cfg.model.conv_widths = {8, 16};
  cfg.model.combine = "concat";
  cfg.model.likelihood = "bernoulli";
  VLAE model(cfg.model);
  torch::Tensor x = torch::rand({5, 1, 28, 28});
  const auto q = model->encode(x);
  const auto terms = model->loss(x, noise_like(q), 1.0);
  terms.total.backward();
  CHECK(std::isfinite(terms.total.item<double>()));
}
