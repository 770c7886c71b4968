#include "core/explore/gibbs.h"

#include <random>

#include "core/common/error.h"
#include "core/data/image_tensor.h"
#include "core/data/random_subset.h"
#include "core/explore/grids.h"
#include "core/model/step_noise.h"

namespace vlae {

namespace {
// A [rows, dims] tensor as one float vector per row (for sidecars).
std::vector<std::vector<float>> matrix_rows(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU).to(torch::kFloat32).contiguous();
  std::vector<std::vector<float>> rows;
  for (int64_t r = 0; r < c.size(0); ++r) rows.emplace_back(c[r].data_ptr<float>(), c[r].data_ptr<float>() + c.size(1));
  return rows;
}

// Noise streams of the chain, apart from the training noise of the same seed.
constexpr int64_t kStartStream = -1;
constexpr int64_t kStepStreamBase = int64_t(1) << 40;
}  // namespace

GibbsChainState start_gibbs(Model& model, int chains, bool from_data, const Dataset* data, uint64_t seed) {
  if (chains < 1 || chains > 100)
    throw usage_error("--chains must be between 1 and 100, not " + std::to_string(chains));
  const ModelConfig& m = model->config();
  c10::InferenceMode guard;
  model->eval();
  const auto device = model->parameters().front().device();
  GibbsChainState s;
  s.seed = seed;
  const std::vector<int>& dims = m.latent_dims;
  if (from_data) {
    if (!data || data->size() == 0) throw Error("gibbs --from-data: the data set has no images");
    const std::vector<int64_t> idx = random_subset(data->size(), size_t(chains), seed);
    s.x = images_to_tensor(*data, idx, m.pixel_range == "signed").to(device);
    const auto q = model->encode(s.x);
    for (size_t l = 1; l < q.size(); ++l) s.upper.push_back(q[l].mu);
  } else {
    // A local generator: the same seed gives the same start whatever else drew random numbers.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor u = torch::rand({chains, m.channels, m.height, m.width}, gen);
    s.x = (m.pixel_range == "signed" ? u * 2 - 1 : u).to(device);
    const auto prior = step_noise(seed, kStartStream, chains, dims);
    for (size_t l = 1; l < prior.size(); ++l) s.upper.push_back(prior[l].to(device));
  }
  return s;
}

void advance_gibbs(Model& model, GibbsChainState& s, int64_t steps) {
  c10::InferenceMode guard;
  model->eval();
  const std::vector<int>& dims = model->config().latent_dims;
  for (int64_t k = 0; k < steps; ++k, ++s.step) {
    const torch::Tensor eps = step_noise(s.seed, kStepStreamBase + s.step, s.x.size(0), dims)[0].to(s.x.device());
    s.x = model->gibbs_step(s.x, s.upper, eps);
  }
}

Grid gibbs_figure(Model& model, const GibbsFigure& f, const Dataset* data) {
  if (f.steps < 1 || f.steps > 100000)
    throw usage_error("--steps must be between 1 and 100000, not " + std::to_string(f.steps));
  if (f.columns < 2 || f.columns > 50)
    throw usage_error("--columns must be between 2 and 50, not " + std::to_string(f.columns));
  const bool signed_range = model->config().pixel_range == "signed";
  GibbsChainState s = start_gibbs(model, f.chains, f.from_data, data, f.seed);
  const int chains = int(s.x.size(0));
  // snapshots[c][r]: chain r at the c-th shown step.
  std::vector<std::vector<Image>> snapshots;
  std::vector<int64_t> shown;
  for (int c = 0; c < f.columns; ++c) {
    const int64_t target = f.steps * c / (f.columns - 1);
    advance_gibbs(model, s, target - s.step);
    shown.push_back(s.step);
    snapshots.push_back(tensor_to_images(s.x, signed_range));
  }
  std::vector<Image> chain_tiles;
  for (int r = 0; r < chains; ++r)
    for (int c = 0; c < f.columns; ++c) chain_tiles.push_back(snapshots[size_t(c)][size_t(r)]);
  std::vector<Image> panels{tile_images(chain_tiles, chains, f.columns)};
  nlohmann::json sample_codes;
  if (f.sample_columns > 0) {
    // Ancestral samples: as many rows as chains, sample_columns across.
    std::mt19937_64 rng(f.seed);
    std::vector<LatentCode> codes;
    for (int i = 0; i < chains * f.sample_columns; ++i) codes.push_back(prior_code(model->config().latent_dims, rng));
    panels.push_back(tile_images(decode_codes(model, codes), chains, f.sample_columns));
    sample_codes = codes;
  }
  Grid g;
  g.image = concat_horizontal(panels, 16);
  g.rows = chains;
  g.cols = f.columns + f.sample_columns;
  g.sidecar = {{"kind", "gibbs"},
               {"model", model->config().model},
               {"from", f.from_data ? "data" : "noise"},
               {"chains", chains},
               {"steps", f.steps},
               {"shown_steps", shown},
               {"seed", f.seed},
               {"sample_columns", f.sample_columns},
               {"sample_codes", sample_codes}};
  return g;
}

Animation gibbs_animation(Model& model, const GibbsFigure& f, const Dataset* data) {
  if (f.steps < 1 || f.steps > 1000)
    throw usage_error("--steps must be between 1 and 1000 for an animation, not " + std::to_string(f.steps));
  const bool signed_range = model->config().pixel_range == "signed";
  const int scale = animation_scale(model->config().height);
  GibbsChainState s = start_gibbs(model, f.chains, f.from_data, data, f.seed);
  Animation out;
  nlohmann::json frames = nlohmann::json::array();
  for (;;) {
    out.frames.push_back(animation_frame(tensor_to_images(s.x, signed_range), scale));
    torch::Tensor z1;
    {
      c10::InferenceMode guard;
      z1 = model->encode(s.x)[0].mu;
    }
    frames.push_back({{"step", s.step}, {"z1", matrix_rows(z1)}});
    if (s.step >= f.steps) break;
    advance_gibbs(model, s, 1);
  }
  nlohmann::json upper = nlohmann::json::array();
  for (const torch::Tensor& u : s.upper) upper.push_back(matrix_rows(u));
  out.sidecar = {{"kind", "gibbs-animation"},
                 {"model", model->config().model},
                 {"from", f.from_data ? "data" : "noise"},
                 {"chains", int(s.x.size(0))},
                 {"steps", f.steps},
                 {"seed", f.seed},
                 {"scale", scale},
                 {"order", "chains left to right"},
                 {"upper_codes", upper},
                 {"frames", frames}};
  return out;
}

}  // namespace vlae
