// Shape and size checks of the VLAE presets: forward and backward on random batches.
#include <doctest/doctest.h>

#include "core/model/config.h"
#include "core/run/model_snapshot.h"
#include "core/model/latent_model.h"

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
  Model model = make_model(m);
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
  Model model = make_model(cfg.model);
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
  Model model = make_model(cfg.model);
  torch::Tensor x = torch::rand({5, 1, 28, 28});
  const auto q = model->encode(x);
  const auto terms = model->loss(x, noise_like(q), 1.0);
  terms.total.backward();
  CHECK(std::isfinite(terms.total.item<double>()));
}

TEST_CASE("hvae presets: a parameter budget comparable to the VLAE's, forward and backward") {
  const double vlae_params = double(make_model(load_preset("mnist").model)->parameter_count());
  Model hvae = make_model(load_preset("mnist-hvae").model);
  const double hvae_params = double(hvae->parameter_count());
  MESSAGE("mnist-hvae parameters: " << hvae_params << " (mnist VLAE: " << vlae_params << ")");
  CHECK(hvae_params > 0.8 * vlae_params);
  CHECK(hvae_params < 1.2 * vlae_params);
  CHECK(hvae->forward_flops_per_image() > 0);
  check_forward_backward("mnist-hvae", 4);
  check_forward_backward("svhn-hvae", 2);
}

// A zero-noise Gibbs step decodes the posterior mean of z1 with the upper layers at their means,
// which is what decoding the encoder's code means gives: both models' code spaces agree with
// their inference paths.
TEST_CASE("encode then decode of posterior means equals a zero-noise Gibbs step") {
  for (const std::string model_name : {"vlae", "hvae"}) {
    CAPTURE(model_name);
    RunConfig cfg = load_preset("mnist");
    cfg.model.model = model_name;
    cfg.model.fc_width = 32;
    cfg.model.conv_widths = {8, 16};
    Model model = make_model(cfg.model);
    model->eval();
    torch::NoGradGuard no_grad;
    torch::manual_seed(3);
    const torch::Tensor x = torch::rand({4, 1, 28, 28});
    std::vector<torch::Tensor> means;
    for (const auto& q : model->encode(x)) means.push_back(q.mu);
    const torch::Tensor decoded = model->decode(means);
    const std::vector<torch::Tensor> upper(means.begin() + 1, means.end());
    const torch::Tensor gibbs = model->gibbs_step(x, upper, torch::zeros_like(means[0]));
    CHECK((decoded - gibbs).abs().max().item<double>() < 1e-5);
    const auto terms = model->loss(x, std::vector<torch::Tensor>(means.size(), torch::zeros({4, 2})), 1.0);
    for (const auto& kl : terms.kl) CHECK(kl.item<double>() >= -1e-5);
  }
}

TEST_CASE("the compiled decoder of a snapshot matches the module decoder (batch norm folded, fp32 and bf16)") {
  for (const std::string preset : {"mnist", "mnist-hvae", "svhn"}) {
    for (const std::string combine : {"gated-add", "concat"}) {
      CAPTURE(preset);
      CAPTURE(combine);
      RunConfig cfg = load_preset(preset);
      cfg.model.fc_width = 32;
      cfg.model.conv_widths = std::vector<int>(cfg.model.conv_widths.size(), 24);
      cfg.model.combine = combine;
      Model model = make_model(cfg.model);
      {
        // Running statistics and affine terms far from their initial 0 / 1, so folding is tested.
        torch::NoGradGuard no_grad;
        torch::manual_seed(5);
        for (auto& b : model->named_buffers())
          if (b.key().find("running_") != std::string::npos) b.value().copy_(torch::rand_like(b.value()) + 0.5);
        for (auto& p : model->parameters()) p.add_(torch::randn_like(p) * 0.05);
      }
      model->eval();
      std::vector<torch::Tensor> z;
      for (int d : cfg.model.latent_dims) z.push_back(torch::randn({6, d}));
      torch::Tensor expected;
      {
        torch::NoGradGuard no_grad;
        expected = model->decode(z);
      }
      for (DecodePrecision p : {DecodePrecision::Float32, DecodePrecision::BFloat16}) {
        auto snap = make_snapshot(cfg, model, 0, "", p);
        // bf16 decoders are built only where the CPU multiplies bf16 natively (AVX-512 BF16, and
        // VLAE_CPU_ISA allowing it); elsewhere the fp32 one is faster and is what runs.
        const bool native_bf16 = cpu_has_avx512_bf16();
        CHECK(snap->precision == (p == DecodePrecision::BFloat16 && !native_bf16 ? DecodePrecision::Float32 : p));
        c10::InferenceMode inference;
        const double diff = (snap->model->decode(z) - expected).abs().max().item<double>();
        CHECK(diff < (p == DecodePrecision::Float32 ? 1e-4 : 0.03));
        // One image: bf16 linear layers take the single-row kernel where the CPU has AVX-512 BF16.
        std::vector<torch::Tensor> z1;
        for (const auto& t : z) z1.push_back(t.slice(0, 0, 1));
        CHECK((snap->model->decode(z1) - expected.slice(0, 0, 1)).abs().max().item<double>() <
              (p == DecodePrecision::Float32 ? 1e-4 : 0.03));
      }
      // The module path is what a snapshot made with "module" runs: identical to the model.
      auto plain = make_snapshot(cfg, model, 0, "", DecodePrecision::Module);
      c10::InferenceMode inference;
      CHECK((plain->model->decode(z) - expected).abs().max().item<double>() == 0.0);
    }
  }
}
