#include "core/explore/grids.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/data/image_tensor.h"

namespace vlae {
using nlohmann::json;

std::vector<Image> tensor_to_images(const torch::Tensor& batch, bool signed_range) {
  torch::Tensor t = batch.detach().to(torch::kCPU, torch::kFloat32);
  if (signed_range) t = (t + 1) / 2;
  // NCHW floats in [0,1] -> NHWC bytes.
  t = t.clamp(0, 1).mul(255).round().to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
  std::vector<Image> out;
  const int64_t n = t.size(0), h = t.size(1), w = t.size(2), c = t.size(3);
  const uint8_t* p = t.data_ptr<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    Image img;
    img.width = int(w);
    img.height = int(h);
    img.channels = int(c);
    img.pixels.assign(p + i * h * w * c, p + (i + 1) * h * w * c);
    out.push_back(std::move(img));
  }
  return out;
}

std::vector<Image> decode_codes(Model& model, const std::vector<LatentCode>& codes) {
  if (codes.empty()) return {};
  const ModelConfig& m = model->config();
  c10::InferenceMode guard;
  model->eval();
  const auto device = model->parameters().front().device();
  std::vector<torch::Tensor> z;
  for (int l = 0; l < m.layers(); ++l) {
    torch::Tensor t = torch::empty({int64_t(codes.size()), m.latent_dims[size_t(l)]});
    float* dst = t.data_ptr<float>();
    for (const LatentCode& c : codes) {
      if (c.size() != size_t(m.layers()) || c[size_t(l)].size() != size_t(m.latent_dims[size_t(l)]))
        throw Error("latent code does not match the model's layer sizes");
      dst = std::copy(c[size_t(l)].begin(), c[size_t(l)].end(), dst);
    }
    z.push_back(t.to(device));
  }
  return tensor_to_images(model->decode(z), m.pixel_range == "signed");
}

std::vector<LatentCode> traverse_codes(const ModelConfig& m, const TraverseSpec& s) {
  if (s.layer < 0 || s.layer >= m.layers())
    throw usage_error("--layer must be between 1 and " + std::to_string(m.layers()) + ", not " +
                      std::to_string(s.layer + 1));
  if (s.n < 1 || s.n > 100) throw usage_error("--n must be between 1 and 100, not " + std::to_string(s.n));
  std::mt19937_64 rng(s.seed);
  const LatentCode base = prior_code(m.latent_dims, rng);
  std::vector<LatentCode> codes;
  const int d = m.latent_dims[size_t(s.layer)];
  for (int axis : s.dims)
    if (d >= 2 && (axis < 0 || axis >= d || s.dims[0] == s.dims[1]))
      throw usage_error("--dims must name two different dims between 1 and " + std::to_string(d) + " of layer " +
                        std::to_string(s.layer + 1) + ", not " + std::to_string(s.dims[0] + 1) + "," +
                        std::to_string(s.dims[1] + 1));
  for (int row = 0; row < s.n; ++row) {
    for (int col = 0; col < s.n; ++col) {
      LatentCode code = base;
      if (s.mode == "resample") {
        resample_layer(code, s.layer, rng);
      } else {
        if (!s.others_fixed) code = prior_code(m.latent_dims, rng);
        auto axis = [&](int i) { return s.n == 1 ? 0.0 : -s.range + 2.0 * s.range * i / (s.n - 1); };
        std::vector<float>& z = code[size_t(s.layer)];
        std::fill(z.begin(), z.end(), 0.0f);
        // x axis sweeps dims[0], y axis dims[1] (top row = +range, as a plot reads); 1-D layers sweep row-major.
        if (d >= 2) {
          z[size_t(s.dims[0])] = float(axis(col));
          z[size_t(s.dims[1])] = float(axis(s.n - 1 - row));
        } else {
          z[0] = float(s.n * s.n == 1 ? 0.0 : -s.range + 2.0 * s.range * (row * s.n + col) / (s.n * s.n - 1));
        }
      }
      codes.push_back(std::move(code));
    }
  }
  return codes;
}

Grid traverse_grid(Model& model, const TraverseSpec& s) {
  if (s.mode != "grid" && s.mode != "resample")
    throw usage_error("--mode must be grid or resample, not '" + s.mode + "'");
  if (!(s.range > 0 && s.range <= 100)) throw usage_error("--range must be in (0, 100]");
  const std::vector<LatentCode> codes = traverse_codes(model->config(), s);
  Grid g;
  g.rows = g.cols = s.n;
  g.image = tile_images(decode_codes(model, codes), s.n, s.n);
  g.sidecar = json{{"kind", "traverse"},
                   {"mode", s.mode},
                   {"layer", s.layer + 1},
                   {"dims", {s.dims[0] + 1, s.dims[1] + 1}},
                   {"n", s.n},
                   {"range", s.range},
                   {"others", s.others_fixed ? "fixed" : "fresh"},
                   {"seed", s.seed},
                   {"rows", s.n},
                   {"cols", s.n},
                   {"codes", codes}};
  return g;
}

Grid traverse_all_layers(Model& model, TraverseSpec spec) {
  std::vector<Image> panels;
  json layers = json::array();
  Grid out;
  for (int l = 0; l < model->config().layers(); ++l) {
    spec.layer = l;
    Grid g = traverse_grid(model, spec);
    panels.push_back(std::move(g.image));
    layers.push_back(std::move(g.sidecar));
    out.rows = g.rows;
    out.cols += g.cols;
  }
  out.image = concat_horizontal(panels, 12);
  out.sidecar = json{{"kind", "traverse-all-layers"}, {"order", "bottom to top, left to right"}, {"panels", layers}};
  return out;
}

Grid sample_grid(Model& model, int n, uint64_t seed, const std::vector<double>& temperature) {
  if (n < 1 || n > 100) throw usage_error("--n must be between 1 and 100, not " + std::to_string(n));
  const std::vector<int>& dims = model->config().latent_dims;
  if (!temperature.empty() && temperature.size() != dims.size())
    throw usage_error("the temperatures name " + std::to_string(temperature.size()) + " layers but the model has " +
                      std::to_string(dims.size()));
  std::mt19937_64 rng(seed);
  std::vector<LatentCode> codes;
  for (int i = 0; i < n * n; ++i) {
    codes.push_back(prior_code(dims, rng));
    for (size_t l = 0; l < temperature.size(); ++l)
      for (float& v : codes.back()[l]) v = float(v * temperature[l]);
  }
  Grid g;
  g.rows = g.cols = n;
  g.image = tile_images(decode_codes(model, codes), n, n);
  g.sidecar = json{{"kind", "samples"}, {"n", n}, {"seed", seed}, {"rows", n}, {"cols", n}, {"codes", codes}};
  g.sidecar["temperature"] = temperature.empty() ? std::vector<double>(dims.size(), 1.0) : temperature;
  return g;
}

std::vector<double> parse_temperatures(const std::string& text, int layers, const std::string& flag) {
  std::vector<double> values;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 10)
      throw usage_error(flag + " " + text + ": '" + item + "' is not a temperature from 0 to 10");
    values.push_back(v);
    start = comma + 1;
  }
  if (values.size() == 1) values.assign(size_t(layers), values.front());
  if (values.size() != size_t(layers))
    throw usage_error(flag + " " + text + ": " + std::to_string(values.size()) + " temperatures for a model of " +
                      std::to_string(layers) + " layers (give one, or one per layer, bottom to top)");
  return values;
}

std::vector<LatentCode> encode_means(Model& model, const Dataset& data, const std::vector<int64_t>& indices) {
  c10::InferenceMode guard;
  model->eval();
  const auto device = model->parameters().front().device();
  const torch::Tensor x = images_to_tensor(data, indices, model->config().pixel_range == "signed").to(device);
  const auto q = model->encode(x);
  std::vector<LatentCode> codes(indices.size());
  for (const auto& layer : q) {
    const torch::Tensor mu = layer.mu.to(torch::kCPU).contiguous();
    for (size_t i = 0; i < indices.size(); ++i) {
      const float* row = mu[int64_t(i)].data_ptr<float>();
      codes[i].emplace_back(row, row + mu.size(1));
    }
  }
  return codes;
}

Grid reconstruction_grid(Model& model, const Dataset& data, int n) {
  if (n < 1 || n > 100) throw usage_error("--n must be between 1 and 100, not " + std::to_string(n));
  const int64_t count = std::min<int64_t>(int64_t(n) * n / 2 > 0 ? int64_t(n) * n / 2 : 1, int64_t(data.size()));
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < count; ++i) idx.push_back(i);
  const std::vector<LatentCode> codes = encode_means(model, data, idx);
  const std::vector<Image> recon = decode_codes(model, codes);
  const bool signed_range = model->config().pixel_range == "signed";
  const std::vector<Image> originals = tensor_to_images(images_to_tensor(data, idx, signed_range), signed_range);
  std::vector<Image> tiles;
  for (size_t i = 0; i < idx.size(); ++i) {
    tiles.push_back(originals[i]);
    tiles.push_back(recon[i]);
  }
  Grid g;
  g.rows = n;
  g.cols = n % 2 == 0 ? n : n + 1;  // keep each original beside its reconstruction
  g.image = tile_images(tiles, g.rows, g.cols);
  g.sidecar = json{{"kind", "reconstructions"},
                   {"data", data.name},
                   {"indices", idx},
                   {"layout", "pairs: original, reconstruction"},
                   {"rows", g.rows},
                   {"cols", g.cols},
                   {"codes", codes}};
  return g;
}

}  // namespace vlae
