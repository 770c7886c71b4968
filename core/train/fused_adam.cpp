#include "core/train/fused_adam.h"

#include <ATen/Parallel.h>

#include <cmath>

#include "core/common/cpu_features.h"

namespace vlae {
namespace {

struct AdamCoefficients {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, eps, weight_decay;
  float inv_sqrt_bias_correction2;  // the moments' bias corrections, as LibTorch's Adam applies them
  float step_size;                  // lr / bias_correction1
};

// Plain loops the compiler vectorises (this file is built with -O3 -fno-math-errno, so sqrt and
// the division become vector instructions); one copy per instruction set, picked once from
// kernel_isa(), since the release build targets any x86-64 and VLAE_CPU_ISA may cap it.
// p, m, v updated in place from g over [begin, end), in the order of LibTorch's Adam:
// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= step_size * m / (sqrt(v) / sqrt(bc2) + eps).
// Inlined into each copy below, so the loop is vectorised for that copy's instruction set.
[[gnu::always_inline]] inline void adam_update(float* __restrict p, float* __restrict m, float* __restrict v,
                                               const float* __restrict g, int64_t begin, int64_t end,
                                               const AdamCoefficients& c) {
  const bool decay = c.weight_decay != 0.f;
  for (int64_t i = begin; i < end; ++i) {
    const float gi = decay ? g[i] + p[i] * c.weight_decay : g[i];
    const float mi = m[i] * c.beta1 + gi * c.one_minus_beta1;
    const float vi = v[i] * c.beta2 + gi * gi * c.one_minus_beta2;
    p[i] -= c.step_size * mi / (std::sqrt(vi) * c.inv_sqrt_bias_correction2 + c.eps);
    m[i] = mi;
    v[i] = vi;
  }
}

using AdamUpdate = void (*)(float*, float*, float*, const float*, int64_t, int64_t, const AdamCoefficients&);

void adam_update_baseline(float* p, float* m, float* v, const float* g, int64_t begin, int64_t end,
                          const AdamCoefficients& c) {
  adam_update(p, m, v, g, begin, end, c);
}
#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void adam_update_avx2(float* p, float* m, float* v, const float* g, int64_t begin,
                                                          int64_t end, const AdamCoefficients& c) {
  adam_update(p, m, v, g, begin, end, c);
}
__attribute__((target("avx512f"))) void adam_update_avx512(float* p, float* m, float* v, const float* g, int64_t begin,
                                                           int64_t end, const AdamCoefficients& c) {
  adam_update(p, m, v, g, begin, end, c);
}
#endif

AdamUpdate adam_update_for_this_cpu() {
#if defined(__x86_64__)
  switch (kernel_isa()) {
    case KernelIsa::Avx512:
      return adam_update_avx512;
    case KernelIsa::Avx2:
      return adam_update_avx2;
    case KernelIsa::Baseline:
      break;
  }
#endif
  return adam_update_baseline;
}

bool fusable(const torch::Tensor& p, const torch::Tensor& grad) {
  return p.device().is_cpu() && p.scalar_type() == torch::kFloat32 && grad.scalar_type() == torch::kFloat32 &&
         p.is_contiguous() && grad.is_contiguous() && !grad.is_sparse();
}
}  // namespace

torch::Tensor FusedAdam::step(LossClosure closure) {
  // Everything must take the fused path, or everything Adam's own: mixing would advance some
  // parameters' step counters twice.
  for (const auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    for (const auto& p : group.params())
      if (options.amsgrad() || (p.grad().defined() && !fusable(p, p.grad()))) return torch::optim::Adam::step(closure);
  }
  static const AdamUpdate update = adam_update_for_this_cpu();
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    const double beta1 = std::get<0>(options.betas()), beta2 = std::get<1>(options.betas());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      // The key LibTorch's Adam and its serialization use, so saved states load either way.
      const std::string key = c10::guts::to_string(p.unsafeGetTensorImpl());
      auto found = state_.find(key);
      if (found == state_.end()) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        found = state_.emplace(key, std::move(fresh)).first;
      }
      auto& state = static_cast<torch::optim::AdamParamState&>(*found->second);
      // A state loaded from a checkpoint may not be contiguous: make it so once.
      if (!state.exp_avg().is_contiguous()) state.exp_avg(state.exp_avg().contiguous());
      if (!state.exp_avg_sq().is_contiguous()) state.exp_avg_sq(state.exp_avg_sq().contiguous());
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, double(state.step()));
      const double bias_correction2 = 1 - std::pow(beta2, double(state.step()));
      const AdamCoefficients c{float(beta1),
                               float(beta2),
                               float(1 - beta1),
                               float(1 - beta2),
                               float(options.eps()),
                               float(options.weight_decay()),
                               float(1 / std::sqrt(bias_correction2)),
                               float(options.lr() / bias_correction1)};
      float* pp = p.data_ptr<float>();
      float* m = state.exp_avg().data_ptr<float>();
      float* v = state.exp_avg_sq().data_ptr<float>();
      const float* g = p.grad().data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) { update(pp, m, v, g, begin, end, c); });
    }
  }
  return loss;
}

}  // namespace vlae
