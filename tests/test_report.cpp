// The hierarchy report on constructed cases whose answers are known, and the Gibbs chain's
// determinism. A toy model stands in for a trained one so every expected number is exact.
#include <doctest/doctest.h>

#include <random>

#include "core/common/error.h"
#include "core/explore/gibbs.h"
#include "core/explore/measure_hierarchy.h"
#include "core/explore/probes.h"
#include "test_support.h"

using namespace vlae;

namespace {
constexpr int kSide = 4;
constexpr int kClasses = 5;

// Layer 1 reads two noise pixels, layer 2 is always 0 and ignored by the decoder, layer 3 reads the
// pixel that encodes the class. The decoder mixes layers 1 and 3 through fixed random weights.
class ToyModel : public LatentModelImpl {
 public:
  explicit ToyModel(const ModelConfig& m) : LatentModelImpl(m) {
    torch::manual_seed(5);
    w0_ = register_parameter("w0", torch::randn({2, kSide * kSide}));
    w2_ = register_parameter("w2", torch::randn({2, kSide * kSide}));
  }
  std::vector<Posterior> encode(const torch::Tensor& x) override {
    const int64_t b = x.size(0);
    const torch::Tensor flat = x.flatten(1);
    const torch::Tensor half = torch::full({b, 2}, 0.5);
    return {{torch::stack({flat.select(1, 5), flat.select(1, 10)}, 1) * 4 - 2, half},
            {torch::zeros({b, 2}), half},
            {torch::stack({flat.select(1, 0) * 4, torch::zeros({b})}, 1), half}};
  }
  torch::Tensor decode_logits(const std::vector<torch::Tensor>& z) override {
    return (z[0].matmul(w0_) + z[2].matmul(w2_)).view({-1, 1, kSide, kSide});
  }
  LossTerms loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) override {
    return flat_prior_loss(x, eps, beta);
  }
  torch::Tensor gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& upper,
                           const torch::Tensor& eps1) override {
    const auto q = encode(x);
    return decode({q[0].mu + q[0].sigma * eps1, upper[0], upper[1]});
  }
  double forward_flops_per_image() override { return 0; }

 private:
  torch::Tensor w0_, w2_;
};

ModelConfig toy_config() {
  ModelConfig m;
  m.height = m.width = kSide;
  m.latent_dims = {2, 2, 2};
  m.conv_widths = {};
  m.conv_levels_per_layer = {};
  return m;
}

// Pixel 0 holds the class (as class / (kClasses - 1)); every other pixel is noise. The factors are
// the class and one noise pixel quantised to 4 levels.
Dataset toy_data(size_t n, uint64_t seed) {
  Dataset d;
  d.name = "toy";
  d.channels = 1;
  d.height = d.width = kSide;
  d.factor_names = {"class", "pixel5"};
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> pixels;
  for (size_t i = 0; i < n; ++i) {
    const int64_t y = int64_t(rng() % kClasses);
    for (int p = 0; p < kSide * kSide; ++p)
      pixels.push_back(p == 0 ? uint8_t(y * 255 / (kClasses - 1)) : uint8_t(rng() % 256));
    d.labels.push_back(y);
    d.factors.push_back(y);
    d.factors.push_back(int64_t(pixels[i * kSide * kSide + 5] / 64));
  }
  d.pixels = std::move(pixels);
  return d;
}
}  // namespace

TEST_CASE("probes: a code equal to the label is read perfectly; noise is read at chance") {
  std::mt19937_64 rng(1);
  auto make = [&](int64_t n, bool informative) {
    torch::Tensor y = torch::randint(0, 10, {n}, torch::kInt64);
    torch::Tensor x =
        informative ? torch::one_hot(y, 10).to(torch::kFloat32) + 0.01 * torch::randn({n, 10}) : torch::randn({n, 10});
    return std::make_pair(x, y);
  };
  torch::manual_seed(2);
  auto [xtr, ytr] = make(500, true);
  auto [xte, yte] = make(300, true);
  CHECK(knn_accuracy(xtr, ytr, xte, yte, 5) == doctest::Approx(1.0));
  CHECK(logreg_accuracy(xtr, ytr, xte, yte) == doctest::Approx(1.0));
  auto [ntr, nytr] = make(500, false);
  auto [nte, nyte] = make(300, false);
  CHECK(knn_accuracy(ntr, nytr, nte, nyte, 5) < 0.25);
  CHECK(logreg_accuracy(ntr, nytr, nte, nyte) < 0.25);
}

TEST_CASE("report: an ignored layer gets no variation share; the label layer is read by the probes") {
  Model model = std::make_shared<ToyModel>(toy_config());
  const Dataset train = toy_data(600, 1), heldout = toy_data(300, 2);
  ReportOptions o;
  o.bases = 8;
  o.resamples = 8;
  o.probe_train = 600;
  o.probe_test = 300;
  const HierarchyReport r = measure_hierarchy(model, train, heldout, o);
  REQUIRE(r.layers.size() == 3);
  double share = 0;
  for (const auto& l : r.layers) share += l.variation_share;
  CHECK(share == doctest::Approx(1.0));
  CHECK(r.layers[1].variation_share < 1e-9);  // the decoder ignores layer 2
  CHECK(r.layers[0].variation_share > 0.2);
  CHECK(r.layers[2].variation_share > 0.2);

  CHECK(r.layers[2].knn_accuracy > 0.95);
  CHECK(r.layers[2].logreg_accuracy > 0.95);
  CHECK(r.layers[0].knn_accuracy < 0.4);  // noise pixels: near chance (0.2)
  CHECK(r.layers[1].logreg_accuracy < 0.4);

  // KL of N(mu, 0.5^2) to N(0, 1) per dim: (mu^2 + 0.25 - 1) / 2 - log 0.5.
  CHECK(r.layers[1].kl_nats == doctest::Approx(2 * (-0.375 + std::log(2.0))).epsilon(1e-4));
  // Per dim: layer 2's dims and layer 3's second dim have mu = 0, the constant part alone; the
  // split sums to the layer's KL, and a dim is active exactly when its mean's variance is > 0.01.
  const double kl_at_zero = -0.375 + std::log(2.0);
  for (const auto& l : r.layers) {
    REQUIRE(l.kl_per_dim.size() == 2);
    REQUIRE(l.mean_variance_per_dim.size() == 2);
    CHECK(l.kl_per_dim[0] + l.kl_per_dim[1] == doctest::Approx(l.kl_nats).epsilon(1e-9));
    CHECK(int(l.mean_variance_per_dim[0] > 0.01) + int(l.mean_variance_per_dim[1] > 0.01) == l.active_units);
  }
  CHECK(r.layers[1].kl_per_dim[0] == doctest::Approx(kl_at_zero).epsilon(1e-4));
  CHECK(r.layers[1].kl_per_dim[1] == doctest::Approx(kl_at_zero).epsilon(1e-4));
  CHECK(r.layers[2].kl_per_dim[1] == doctest::Approx(kl_at_zero).epsilon(1e-4));
  CHECK(r.layers[1].mean_variance_per_dim[0] == 0.0);
  CHECK(r.layers[2].mean_variance_per_dim[1] == 0.0);
  // Layer 3's first dim has mu = 4 * pixel 0: its KL adds the mean of mu^2 / 2 over the images.
  double half_mu_sq = 0;
  for (size_t i = 0; i < heldout.size(); ++i) {
    const double mu = 4.0 * heldout.pixels[i * kSide * kSide] / 255.0;
    half_mu_sq += mu * mu / 2 / double(heldout.size());
  }
  CHECK(r.layers[2].kl_per_dim[0] == doctest::Approx(kl_at_zero + half_mu_sq).epsilon(1e-4));
  CHECK(r.layers[0].active_units == 2);
  CHECK(r.layers[1].active_units == 0);
  CHECK(r.layers[2].active_units == 1);

  REQUIRE(r.factors.size() == 2);
  CHECK(r.factors[0].factor == "class");
  CHECK(r.factors[0].best_layer == 3);
  CHECK(r.factors[1].best_layer == 1);

  const HierarchyReport back = hierarchy_report_from_json(to_json(r));
  CHECK(to_json(back) == to_json(r));
  // A report written before the per-dim KL and the likelihood still reads, without them.
  nlohmann::json old_file = to_json(r);
  CHECK(old_file.contains("nll_nats"));
  for (const char* key : {"nll_nats", "bits_per_dim", "iw_samples", "nll_images"}) old_file.erase(key);
  for (auto& l : old_file["layers"]) {
    l.erase("kl_per_dim");
    l.erase("mean_variance_per_dim");
  }
  const HierarchyReport old_back = hierarchy_report_from_json(old_file);
  CHECK(old_back.layers.size() == 3);
  CHECK(old_back.layers[0].kl_per_dim.empty());
  CHECK(old_back.iw_samples == 0);
  CHECK(!to_json(old_back).contains("nll_nats"));
  CHECK(format_table(r).find("variation share") != std::string::npos);
}

TEST_CASE("report on data without labels leaves the probes out") {
  Model model = std::make_shared<ToyModel>(toy_config());
  Dataset train = toy_data(50, 1), heldout = toy_data(40, 2);
  for (Dataset* d : {&train, &heldout}) {
    d->labels.clear();
    d->factor_names.clear();
    d->factors.clear();
  }
  ReportOptions o;
  o.bases = 2;
  o.resamples = 4;
  const HierarchyReport r = measure_hierarchy(model, train, heldout, o);
  CHECK(r.layers[2].knn_accuracy == -1);
  CHECK(r.factors.empty());
}

TEST_CASE("gibbs chain: deterministic for a seed, and starting images come from the data") {
  for (const std::string name : {"vlae", "hvae"}) {
    CAPTURE(name);
    RunConfig cfg = test::tiny_config("unused");
    cfg.model.model = name;
    Model model = make_model(cfg.model);
    const Dataset data = test::synthetic_strokes(20, 3);
    GibbsChainState a = start_gibbs(model, 3, true, &data, 7);
    GibbsChainState b = start_gibbs(model, 3, true, &data, 7);
    CHECK(torch::equal(a.x, b.x));
    advance_gibbs(model, a, 4);
    advance_gibbs(model, b, 2);
    advance_gibbs(model, b, 2);  // in two goes: the noise depends on the step, not the call
    CHECK(a.step == 4);
    CHECK(torch::allclose(a.x, b.x));
    GibbsFigure f;
    f.chains = 3;
    f.steps = 6;
    f.columns = 4;
    f.sample_columns = 2;
    const Grid g = gibbs_figure(model, f, &data);
    CHECK(g.sidecar["shown_steps"] == std::vector<int64_t>{0, 2, 4, 6});
    CHECK(g.image.height > 3 * 28);
    GibbsFigure noise = f;
    noise.from_data = false;
    CHECK_NOTHROW(gibbs_figure(model, noise, nullptr));
    CHECK_THROWS_AS(gibbs_figure(model, f, nullptr), Error);
  }
}
