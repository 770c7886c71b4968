#include "core/model/vlae.h"

namespace vlae {
namespace nn = torch::nn;

namespace {

constexpr double kLeakySlope = 0.1;  // the original nets' leaky ReLU slope in inference paths

enum class Act { None, Relu, LeakyRelu };

void add_activation(nn::Sequential& seq, Act act) {
  if (act == Act::Relu) seq->push_back(nn::ReLU());
  if (act == Act::LeakyRelu) seq->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
}

void add_linear(nn::Sequential& seq, int64_t in, int64_t out, bool bn, Act act) {
  seq->push_back(nn::Linear(in, out));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm1d(out));
  add_activation(seq, act);
}

void add_conv(nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act) {
  // Stride 2: 4x4 kernels halve the size exactly; stride 1: 3x3 keeps it (symmetric padding).
  const int k = stride == 2 ? 4 : 3;
  seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(1)));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm2d(out));
  add_activation(seq, act);
}

void add_deconv(nn::Sequential& seq, int64_t in, int64_t out, int stride, bool bn, Act act) {
  const int k = stride == 2 ? 4 : 3;
  seq->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in, out, k).stride(stride).padding(1)));
  if (bn && act != Act::None) seq->push_back(nn::BatchNorm2d(out));
  add_activation(seq, act);
}

void add_unflatten(nn::Sequential& seq, const ActShape& s) {
  seq->push_back(nn::Unflatten(nn::UnflattenOptions(1, {s.c, s.h, s.w})));
}

// Conv levels [first, first + count) of the inference net, from a map with `in_c` channels.
void add_encoder_convs(nn::Sequential& seq, const ModelConfig& m, int first, int count, int64_t in_c) {
  for (int k = first; k < first + count; ++k) {
    add_conv(seq, in_c, m.conv_widths[k], 2, m.batch_norm, Act::LeakyRelu);
    if (m.convs_per_level == 2) add_conv(seq, m.conv_widths[k], m.conv_widths[k], 1, m.batch_norm, Act::LeakyRelu);
    in_c = m.conv_widths[k];
  }
}

// Weights N(0, 0.02), biases 0, as the original nets; batch-norm and gates keep their own init.
void init_weights(nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& sub : module.modules(/*include_self=*/false)) {
    if (auto* lin = sub->as<nn::Linear>()) {
      lin->weight.normal_(0.0, 0.02);
      lin->bias.zero_();
    } else if (auto* conv = sub->as<nn::Conv2d>()) {
      conv->weight.normal_(0.0, 0.02);
      conv->bias.zero_();
    } else if (auto* deconv = sub->as<nn::ConvTranspose2d>()) {
      deconv->weight.normal_(0.0, 0.02);
      deconv->bias.zero_();
    }
  }
}

}  // namespace

VLAEImpl::VLAEImpl(const ModelConfig& config) : config_(config) {
  const ModelConfig& m = config_;
  const int L = m.layers();
  const bool bn = m.batch_norm;

  // Level boundaries: conv stage l owns levels [level_start[l], level_start[l+1]).
  std::vector<int> level_start{0};
  for (int n : m.conv_levels_per_layer) level_start.push_back(level_start.back() + n);
  auto map_after_level = [&](int k) {  // feature map after conv level k (0-based)
    return ActShape{m.conv_widths[k], m.height >> (k + 1), m.width >> (k + 1)};
  };
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
          trunk->push_back(nn::Linear(map_after_level(level_start[l + 1] - 1).numel(), out.c));
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
        std::vector<int64_t> gshape = joined.is_map() ? std::vector<int64_t>{joined.c, joined.h, joined.w}
                                                      : std::vector<int64_t>{joined.c};
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
      for (int k = last; k >= first; --k) {
        if (m.convs_per_level == 2) {
          add_deconv(gen, c, m.conv_widths[k], 1, bn, Act::Relu);
          c = m.conv_widths[k];
        }
        const bool final_layer = k == first;
        const int64_t out_c = final_layer ? out.c : m.conv_widths[k - 1];
        add_deconv(gen, c, out_c, 2, bn, final_layer && to_image ? Act::None : Act::Relu);
        c = out_c;
      }
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
    const torch::Tensor feat = branch_[l]->forward(h);
    q.push_back({mu_head_[l]->forward(feat), torch::sigmoid(sigma_head_[l]->forward(feat)) + 1e-3});
    if (l < trunk_.size()) h = trunk_[l]->forward(h);
  }
  return q;
}

torch::Tensor VLAEImpl::decode_logits(const std::vector<torch::Tensor>& z) {
  const int L = config_.layers();
  TORCH_CHECK(int(z.size()) == L, "decode: expected ", L, " latent layers, got ", z.size());
  torch::Tensor t = generator_[L - 1]->forward(z[L - 1]);
  for (int l = L - 2; l >= 0; --l) {
    const torch::Tensor v = code_embed_[l]->forward(z[l]);
    t = config_.combine == "gated-add" ? t + gate_[l] * v : torch::cat({t, v}, 1);
    t = generator_[l]->forward(t);
  }
  return t;
}

torch::Tensor VLAEImpl::logits_to_image(const torch::Tensor& logits) const {
  const torch::Tensor unit = torch::sigmoid(logits);
  return config_.pixel_range == "signed" ? unit * 2 - 1 : unit;
}

torch::Tensor VLAEImpl::decode(const std::vector<torch::Tensor>& z) { return logits_to_image(decode_logits(z)); }

torch::Tensor kl_to_standard_normal(const Posterior& q) {
  const torch::Tensor per_dim = 0.5 * (q.mu.square() + q.sigma.square() - 1) - torch::log(q.sigma);
  return per_dim.sum(1).mean();
}

LossTerms VLAEImpl::loss(const torch::Tensor& x, const std::vector<torch::Tensor>& eps, double beta) {
  const std::vector<Posterior> q = encode(x);
  std::vector<torch::Tensor> z;
  LossTerms terms;
  for (size_t l = 0; l < q.size(); ++l) {
    z.push_back(q[l].mu + q[l].sigma * eps[l]);
    terms.kl.push_back(kl_to_standard_normal(q[l]));
  }
  const torch::Tensor logits = decode_logits(z);
  const int64_t batch = x.size(0);
  if (config_.likelihood == "bernoulli") {
    const torch::Tensor target = config_.pixel_range == "signed" ? (x + 1) / 2 : x;
    terms.recon = torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::Sum) / batch;
  } else {
    terms.recon = config_.recon_scale * (logits_to_image(logits) - x).square().sum() / batch;
  }
  terms.total = terms.recon + beta * torch::stack(terms.kl).sum();
  return terms;
}

namespace {
// Runs `seq` one child at a time on a batch of one, adding the FLOPs of each linear and conv layer.
torch::Tensor count_flops(nn::Sequential& seq, torch::Tensor x, double& flops) {
  for (auto& child : *seq) {
    torch::Tensor y = child.forward(x);
    if (auto* lin = child.ptr()->as<nn::Linear>()) flops += 2.0 * double(lin->weight.numel());
    if (auto* conv = child.ptr()->as<nn::Conv2d>()) flops += 2.0 * double(conv->weight.numel()) * double(y.size(2) * y.size(3));
    if (auto* dec = child.ptr()->as<nn::ConvTranspose2d>())
      flops += 2.0 * double(dec->weight.numel()) * double(x.size(2) * x.size(3));
    x = y;
  }
  return x;
}
}  // namespace

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

int64_t VLAEImpl::parameter_count() const {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

}  // namespace vlae
