// The held-out likelihood bound and the per-dim KL on tiny untrained models (VLAE, HVAE, VAE),
// each against a quantity it must equal: the ELBO in expectation at K = 1, the layer's KL summed.
#include <doctest/doctest.h>

#include <cmath>

#include "core/data/image_tensor.h"
#include "core/explore/heldout_likelihood.h"
#include "core/model/step_noise.h"
#include "test_support.h"

using namespace vlae;

namespace {

ModelConfig tiny_model(const std::string& kind, const std::string& likelihood) {
  ModelConfig m = test::tiny_config("unused").model;
  m.likelihood = likelihood;
  return with_model(m, kind);
}

// A batch of `n` stroke images as the model's input.
torch::Tensor batch(int n) {
  const Dataset d = test::synthetic_strokes(n, 3);
  std::vector<int64_t> idx;
  for (int i = 0; i < n; ++i) idx.push_back(i);
  return images_to_tensor(d, idx, false);
}

}  // namespace

TEST_CASE("per-dim KL sums to each layer's KL, for every model") {
  for (const char* kind : {"vlae", "hvae", "vae"}) {
    CAPTURE(kind);
    torch::manual_seed(1);
    Model model = make_model(tiny_model(kind, "bernoulli"));
    model->eval();
    const torch::Tensor x = batch(8);
    const LossTerms t = model->loss(x, step_noise(4, 0, 8, model->config().latent_dims), 1.0);
    REQUIRE(t.kl_per_dim.size() == t.kl.size());
    for (size_t l = 0; l < t.kl.size(); ++l) {
      CHECK(t.kl_per_dim[l].numel() == model->config().latent_dims[l]);
      CHECK(t.kl_per_dim[l].sum().item<double>() == doctest::Approx(t.kl[l].item<double>()).epsilon(1e-5));
      CHECK(t.kl_per_dim[l].min().item<double>() >= -1e-6);
    }
  }
}

TEST_CASE("at K = 1 the importance weight is the ELBO in expectation, with the likelihood's constant") {
  for (const char* kind : {"vlae", "hvae"})
    for (const char* likelihood : {"bernoulli", "gaussian"}) {
      CAPTURE(kind);
      CAPTURE(likelihood);
      torch::manual_seed(2);
      Model model = make_model(tiny_model(kind, likelihood));
      model->eval();
      torch::NoGradGuard no_grad;
      const int n = 4, draws = 400;
      const torch::Tensor x = batch(n).repeat({draws, 1, 1, 1});
      const auto eps = step_noise(9, 0, n * draws, model->config().latent_dims);
      const LossTerms t = model->loss(x, eps, 1.0);
      double elbo = -t.recon.item<double>();
      for (const auto& k : t.kl) elbo -= k.item<double>();
      // The training loss leaves out the Gaussian density's constant; the bound must not.
      if (std::string(likelihood) == "gaussian") elbo -= 0.5 * 28 * 28 * std::log(M_PI / model->config().recon_scale);
      const double mean_log_w = model->log_importance_weight(x, eps).mean().item<double>();
      // Both are averages over the same 1,600 draws with the same reconstructions: they differ only
      // by the sampling noise of log p(z) - log q(z) about the analytic KL (sd about 0.05 nats here).
      CHECK(std::abs(mean_log_w - elbo) < 0.3);
    }
}

TEST_CASE("the bound tightens with K and is reproducible") {
  torch::manual_seed(3);
  Model model = make_model(tiny_model("vlae", "bernoulli"));
  const Dataset d = test::synthetic_strokes(24, 5);
  std::vector<int64_t> idx;
  for (int i = 0; i < 24; ++i) idx.push_back(i);
  const HeldoutLikelihood one = heldout_likelihood(model, d, idx, 1, 0);
  const HeldoutLikelihood many = heldout_likelihood(model, d, idx, 64, 0);
  CHECK(many.samples == 64);
  CHECK(many.images == 24);
  // log mean_k w_k >= mean_k log w_k: an untrained model's gap is many nats; 1 nat of slack for noise.
  CHECK(many.nll_nats <= one.nll_nats + 1.0);
  CHECK(many.bits_per_dim == doctest::Approx(many.nll_nats / (28 * 28 * std::log(2.0))));
  CHECK(heldout_likelihood(model, d, idx, 64, 0).nll_nats == many.nll_nats);
  CHECK_THROWS(heldout_likelihood(model, d, idx, 0, 0));
}
