#include "core/model/vlae.h"

namespace vlae {
namespace nn = torch::nn;

VLAEImpl::VLAEImpl(const ModelConfig& config) : LatentModelImpl(config) {
  const ModelConfig& m = config_;
  const int L = m.layers();
  const bool bn = m.batch_norm;

  // Level boundaries: conv stage l owns levels [level_start[l], level_start[l+1]).
  std::vector<int> level_start{0};
  for (int n : m.conv_levels_per_layer) level_start.push_back(level_start.back() + n);
  auto map_after_level = [&](int k) { return vlae::map_after_level(m, k); };
  auto is_conv_stage = [&](int l) { return l < m.conv_layers(); };

  // Shapes of h_0 .. h_L along the inference trunk.
  trunk_shapes_.push_back(ActShape{m.channels, m.height, m.width});
  for (int l = 0; l < L; ++l) {
    if (is_conv_stage(l) && (l + 1 >= m.conv_layers() && l + 1 < L))
      trunk_shapes_.push_back(ActShape{m.fc_width});  // conv -> fc transition: flatten + linear
    else if (is_conv_stage(l))
      trunk_shapes_.push_back(map_after_level(level_start[l + 1] - 1));
    else
      trunk_shapes_.push_back(ActShape{m.fc_width});
  }

  for (int l = 0; l < L; ++l) {
    const ActShape in = trunk_shapes_[l];
    const std::string idx = std::to_string(l + 1);

    // Ladder branch: h_l -> (mu_l, sigma_l), with weights of its own.
    nn::Sequential branch;
    int64_t features = 0;
    if (is_conv_stage(l)) {
      add_encoder_convs(branch, m, level_start[l], m.conv_levels_per_layer[l], in.c);
      branch->push_back(nn::Flatten());
      features = map_after_level(level_start[l + 1] - 1).numel();
    } else {
      if (in.is_map()) branch->push_back(nn::Flatten());
      add_linear(branch, in.numel(), m.fc_width, bn, Act::LeakyRelu);
      add_linear(branch, m.fc_width, m.fc_width, bn, Act::LeakyRelu);
      features = m.fc_width;
    }
    branch_.push_back(register_module("branch" + idx, branch));
    mu_head_.push_back(register_module("mu" + idx, nn::Linear(features, m.latent_dims[l])));
    sigma_head_.push_back(register_module("sigma" + idx, nn::Linear(features, m.latent_dims[l])));

    // Trunk: h_l -> h_{l+1}; the top layer needs none.
    if (l + 1 < L) {
      nn::Sequential trunk;
      const ActShape out = trunk_shapes_[l + 1];
      if (is_conv_stage(l)) {
        add_encoder_convs(trunk, m, level_start[l], m.conv_levels_per_layer[l], in.c);
        if (!out.is_map()) {
          trunk->push_back(nn::Flatten());
          trunk->push_back(MixedLinear(map_after_level(level_start[l + 1] - 1).numel(), out.c));
        }
      } else {
        if (in.is_map()) trunk->push_back(nn::Flatten());
        add_linear(trunk, in.numel(), m.fc_width, bn, Act::LeakyRelu);
        add_linear(trunk, m.fc_width, m.fc_width, bn, Act::LeakyRelu);
        add_linear(trunk, m.fc_width, out.c, bn, Act::None);
      }
      trunk_.push_back(register_module("trunk" + idx, trunk));
    }

    // Generator stage l: (z~_{l+1} combined with v_l(z_l)) -> z~_l, shaped like h_l (the image for l = 0).
    const bool top = l == L - 1;
    ActShape gen_in{m.latent_dims[l]};
    if (!top) {
      const ActShape joined = trunk_shapes_[l + 1];
      nn::Sequential embed;
      add_linear(embed, m.latent_dims[l], joined.numel(), bn, l == 0 ? Act::LeakyRelu : Act::Relu);
      if (joined.is_map()) add_unflatten(embed, joined);
      code_embed_.push_back(register_module("embed" + idx, embed));
      if (m.combine == "gated-add") {
        std::vector<int64_t> gshape =
            joined.is_map() ? std::vector<int64_t>{joined.c, joined.h, joined.w} : std::vector<int64_t>{joined.c};
        gate_.push_back(register_parameter("gate" + idx, torch::full(gshape, m.gate_init)));
        gen_in = joined;
      } else {
        gen_in = joined;
        gen_in.c *= 2;
      }
    }
    const ActShape out = trunk_shapes_[l];
    const bool to_image = l == 0;
    nn::Sequential gen;
    if (is_conv_stage(l)) {
      const int first = level_start[l], last = level_start[l + 1] - 1;
      int64_t c = gen_in.c;
      if (!gen_in.is_map()) {
        const ActShape deepest = map_after_level(last);
        add_linear(gen, gen_in.numel(), deepest.numel(), bn, Act::Relu);
        add_unflatten(gen, deepest);
        c = deepest.c;
      }
      add_decoder_deconvs(gen, m, first, last, c, out.c, to_image);
    } else {
      if (gen_in.is_map()) gen->push_back(nn::Flatten());
      add_linear(gen, gen_in.numel(), m.fc_width, bn, Act::Relu);
      add_linear(gen, m.fc_width, m.fc_width, bn, Act::Relu);
      add_linear(gen, m.fc_width, out.numel(), bn, Act::None);
      if (out.is_map()) add_unflatten(gen, out);
    }
    generator_.push_back(register_module("gen" + idx, gen));
  }
  init_weights(*this);
}

std::vector<Posterior> VLAEImpl::encode(const torch::Tensor& x) {
  std::vector<Posterior> q;
  torch::Tensor h = x;
  for (size_t l = 0; l < branch_.size(); ++l) {
    q.push_back(posterior(l, h));
    if (l < trunk_.size()) h = trunk_[l]->forward(h);
  }
  return q;
}

torch::Tensor VLAEImpl::decode_logits(const std::vector<torch::Tensor>& z) {
  const int L = config_.layers();
  TORCH_CHECK(int(z.size()) == L, "decode: expected ", L, " latent layers, got ", z.size());
  if (!fast_generator_.empty() && !is_training() && c10::InferenceMode::is_enabled()) return fast_decode_logits(z);
  torch::Tensor t = generator_[L - 1]->forward(z[L - 1]);
  for (int l = L - 2; l >= 0; --l) {
    const torch::Tensor v = code_embed_[l]->forward(z[l]);
    t = config_.combine == "gated-add" ? t + gate_[l] * v : torch::cat({t, v}, 1);
    t = generator_[l]->forward(t);
  }
  return t;
}

torch::Tensor VLAEImpl::fast_decode_logits(const std::vector<torch::Tensor>& z) {
  const int L = config_.layers();
  const auto dtype = fast_generator_.front().dtype();
  torch::Tensor t = fast_generator_[size_t(L - 1)].forward(z[size_t(L - 1)]);
  for (int l = L - 2; l >= 0; --l) {
    const torch::Tensor v = fast_embed_[size_t(l)].forward(z[size_t(l)]).to(dtype);
    t = config_.combine == "gated-add" ? t.to(dtype) + fast_gate_[size_t(l)] * v : torch::cat({t.to(dtype), v}, 1);
    t = fast_generator_[size_t(l)].forward(t);
  }
  return t.to(torch::kFloat32);
}

DecodePrecision VLAEImpl::prepare_fast_decode(DecodePrecision precision) {
  fast_embed_.clear();
  fast_generator_.clear();
  fast_gate_.clear();
  if (precision == DecodePrecision::Module) return precision;
  const auto dtype = precision == DecodePrecision::BFloat16 ? torch::kBFloat16 : torch::kFloat32;
  std::vector<FusedSequential> embed, gen;
  for (auto& seq : code_embed_) {
    auto f = FusedSequential::compile(seq, dtype);
    if (!f) return DecodePrecision::Module;
    embed.push_back(std::move(*f));
  }
  for (auto& seq : generator_) {
    auto f = FusedSequential::compile(seq, dtype);
    if (!f) return DecodePrecision::Module;
    gen.push_back(std::move(*f));
  }
  for (const auto& g : gate_) fast_gate_.push_back(g.detach().to(dtype));
  fast_embed_ = std::move(embed);
  fast_generator_ = std::move(gen);
  return precision;
}

Posterior VLAEImpl::posterior(size_t l, const torch::Tensor& h) {
  const torch::Tensor feat = branch_[l]->forward(h);
  return gaussian_heads(mu_head_[l], sigma_head_[l], feat);
}

torch::Tensor VLAEImpl::gibbs_step(const torch::Tensor& x, const std::vector<torch::Tensor>& upper,
                                   const torch::Tensor& eps1) {
  const Posterior q = posterior(0, x);
  std::vector<torch::Tensor> z{q.mu + q.sigma * eps1};
  z.insert(z.end(), upper.begin(), upper.end());
  return decode(z);
}

LossTerms VLAEImpl::loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) {
  return flat_prior_loss(x, eps, beta);
}

double VLAEImpl::forward_flops_per_image() {
  torch::NoGradGuard no_grad;
  const bool was_training = is_training();
  eval();
  double flops = 0;
  const auto device = parameters().front().device();
  torch::Tensor h = torch::zeros({1, config_.channels, config_.height, config_.width}, device);
  std::vector<torch::Tensor> z;
  for (size_t l = 0; l < branch_.size(); ++l) {
    count_flops(branch_[l], h, flops);
    flops += 2.0 * double(mu_head_[l]->weight.numel() + sigma_head_[l]->weight.numel());
    z.push_back(torch::zeros({1, config_.latent_dims[l]}, device));
    if (l < trunk_.size()) h = count_flops(trunk_[l], h, flops);
  }
  const int L = config_.layers();
  torch::Tensor t = count_flops(generator_[L - 1], z[L - 1], flops);
  for (int l = L - 2; l >= 0; --l) {
    const torch::Tensor v = count_flops(code_embed_[l], z[l], flops);
    t = config_.combine == "gated-add" ? t + gate_[l] * v : torch::cat({t, v}, 1);
    t = count_flops(generator_[l], t, flops);
  }
  train(was_training);
  return flops;
}

}  // namespace vlae
