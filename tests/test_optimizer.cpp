// FusedAdam against LibTorch's Adam: the same updates, and states that load either way.
#include <doctest/doctest.h>

#include <sstream>

#include "core/train/fused_adam.h"

namespace {

// Parameters of awkward sizes (a vector tail after the SIMD body, a scalar, a matrix), seeded.
std::vector<torch::Tensor> make_params(uint64_t seed) {
  torch::manual_seed(seed);
  std::vector<torch::Tensor> ps{torch::randn({1027}), torch::randn({1}), torch::randn({64, 300})};
  for (auto& p : ps) p.set_requires_grad(true);
  return ps;
}

// The same pseudo-gradients for both optimizers, different at every step.
void set_grads(std::vector<torch::Tensor>& ps, int step) {
  torch::manual_seed(1000 + step);
  for (auto& p : ps) p.mutable_grad() = torch::randn_like(p) * (0.1 * (step + 1));
}

// Steps [from, to): both parameter sets get the same gradients, then each optimizer steps.
void step_both(std::vector<torch::Tensor>& a, torch::optim::Optimizer& optimizer_a, std::vector<torch::Tensor>& b,
               torch::optim::Optimizer& optimizer_b, int from, int to) {
  for (int step = from; step < to; ++step) {
    set_grads(a, step);
    set_grads(b, step);
    optimizer_a.step();
    optimizer_b.step();
  }
}

double largest_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
  return worst;
}

}  // namespace

TEST_CASE("FusedAdam updates as LibTorch's Adam does") {
  for (double weight_decay : {0.0, 0.01}) {
    CAPTURE(weight_decay);
    auto a = make_params(3), b = make_params(3);
    const auto options = torch::optim::AdamOptions(2e-3).weight_decay(weight_decay);
    torch::optim::Adam reference(a, options);
    vlae::FusedAdam fused(b, options);
    step_both(a, reference, b, fused, 0, 25);
    // Float rounding differs (one multiply for a divide); 25 steps of lr 2e-3 move weights by ~5e-2.
    CHECK(largest_difference(a, b) < 1e-5);
    CHECK(largest_difference(a, make_params(3)) > 1e-2);  // the weights did move
  }
}

TEST_CASE("FusedAdam and Adam states are interchangeable through serialization") {
  auto a = make_params(5), b = make_params(5);
  const auto options = torch::optim::AdamOptions(1e-3);
  vlae::FusedAdam fused(a, options);
  for (int step = 0; step < 5; ++step) {
    set_grads(a, step);
    fused.step();
  }
  // Save the fused optimizer, load it into plain Adam over a copy of the weights, then go on with both.
  std::stringstream bytes;
  {
    torch::serialize::OutputArchive out;
    fused.save(out);
    out.save_to(bytes);
  }
  {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < a.size(); ++i) b[i].copy_(a[i]);
  }
  torch::optim::Adam plain(b, options);
  torch::serialize::InputArchive in;
  in.load_from(bytes);
  plain.load(in);
  step_both(a, fused, b, plain, 5, 10);
  // Had the moments or step counts not carried over, bias correction alone would differ by ~1e-3.
  CHECK(largest_difference(a, b) < 1e-6);
}

TEST_CASE("FusedAdam skips parameters without a gradient") {
  auto ps = make_params(7);
  const torch::Tensor before = ps[1].detach().clone();
  vlae::FusedAdam fused(ps, torch::optim::AdamOptions(1e-2));
  set_grads(ps, 0);
  ps[1].mutable_grad().reset();
  fused.step();
  CHECK(torch::equal(ps[1].detach(), before));
  CHECK(!torch::equal(ps[0].detach(), make_params(7)[0].detach()));
}
