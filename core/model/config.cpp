#include "core/model/config.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/share_dir.h"

namespace vlae {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// Reads one JSON object strictly: every key must be known, every value of the right type.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string origin, std::string prefix)
      : j_(j), origin_(std::move(origin)), prefix_(std::move(prefix)) {
    if (!j_.is_object()) fail(prefix_.empty() ? "the top level" : prefix_, "must be a JSON object");
  }

  template <typename T>
  void read(const std::string& key, T& out) {
    allowed_.push_back(key);
    auto it = j_.find(key);
    if (it == j_.end()) return;
    convert(*it, key, out);
  }

  // Reads a string that must be one of `choices`.
  void read_choice(const std::string& key, std::string& out, const std::vector<std::string>& choices) {
    read(key, out);
    for (const auto& c : choices)
      if (out == c) return;
    fail(path(key), "is '" + out + "'; allowed values: " + join(choices));
  }

  const json* child(const std::string& key) {
    allowed_.push_back(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  void reject_unknown_keys() const {
    for (const auto& item : j_.items()) {
      bool known = false;
      for (const auto& a : allowed_) known = known || a == item.key();
      if (!known) fail(path(item.key()), "is not a known key; allowed keys: " + join(allowed_));
    }
  }

  [[noreturn]] void fail(const std::string& what, const std::string& problem) const {
    throw usage_error(origin_ + ": " + what + " " + problem);
  }
  std::string path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

 private:
  void convert(const json& v, const std::string& key, std::string& out) {
    if (!v.is_string()) fail(path(key), "must be a string");
    out = v.get<std::string>();
  }
  void convert(const json& v, const std::string& key, bool& out) {
    if (!v.is_boolean()) fail(path(key), "must be true or false");
    out = v.get<bool>();
  }
  void convert(const json& v, const std::string& key, double& out) {
    if (!v.is_number()) fail(path(key), "must be a number");
    out = v.get<double>();
  }
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int>>>
  void convert(const json& v, const std::string& key, Int& out) {
    if (!v.is_number_integer()) fail(path(key), "must be an integer");
    if (std::is_unsigned_v<Int> && v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0)
      fail(path(key), "must not be negative");
    const auto wide = v.is_number_unsigned() ? double(v.get<uint64_t>()) : double(v.get<int64_t>());
    if (wide > double(std::numeric_limits<Int>::max()) || wide < double(std::numeric_limits<Int>::lowest()))
      fail(path(key), "is out of range");
    out = v.get<Int>();
  }
  void convert(const json& v, const std::string& key, std::vector<int>& out) {
    if (!v.is_array()) fail(path(key), "must be an array of integers");
    out.clear();
    for (const auto& e : v) {
      if (!e.is_number_integer() || e.get<int64_t>() > 1000000 || e.get<int64_t>() < -1000000)
        fail(path(key), "must be an array of integers");
      out.push_back(e.get<int>());
    }
  }

  const json& j_;
  std::string origin_, prefix_;
  std::vector<std::string> allowed_;
};

ModelConfig model_from_json(const json& j, const std::string& origin) {
  ModelConfig m;
  ObjectReader r(j, origin, "model");
  r.read_choice("model", m.model, {"vlae", "hvae", "vae"});
  r.read("channels", m.channels);
  r.read("height", m.height);
  r.read("width", m.width);
  r.read_choice("pixel_range", m.pixel_range, {"unit", "signed"});
  r.read("latent_dims", m.latent_dims);
  r.read("conv_widths", m.conv_widths);
  r.read("conv_levels_per_layer", m.conv_levels_per_layer);
  r.read("convs_per_level", m.convs_per_level);
  r.read("fc_width", m.fc_width);
  r.read_choice("combine", m.combine, {"gated-add", "concat"});
  r.read("gate_init", m.gate_init);
  r.read("batch_norm", m.batch_norm);
  r.read_choice("likelihood", m.likelihood, {"gaussian", "bernoulli"});
  r.read("recon_scale", m.recon_scale);
  r.reject_unknown_keys();
  return m;
}

TrainConfig train_from_json(const json& j, const std::string& origin) {
  TrainConfig t;
  ObjectReader r(j, origin, "train");
  r.read("batch", t.batch);
  r.read("lr", t.lr);
  r.read_choice("kl_warmup", t.kl_warmup, {"exp", "linear", "none"});
  r.read("kl_warmup_steps", t.kl_warmup_steps);
  r.read("kl_weight", t.kl_weight);
  r.read("seed", t.seed);
  r.read("steps", t.steps);
  r.read("log_every", t.log_every);
  r.read("checkpoint_every", t.checkpoint_every);
  r.read("keep_checkpoints", t.keep_checkpoints);
  r.read("history_first", t.history_first);
  r.read("history_growth", t.history_growth);
  r.read_choice("precision", t.precision, {"fp32", "bf16"});
  r.reject_unknown_keys();
  return t;
}

void check(bool ok, const std::string& origin, const std::string& key, const std::string& problem) {
  if (!ok) throw usage_error(origin + ": " + key + " " + problem);
}

}  // namespace

double kl_beta(const TrainConfig& train, int64_t step) {
  double schedule = 1.0;
  if (train.kl_warmup == "exp") schedule = 1.0 - std::exp(-double(step) / train.kl_warmup_steps);
  if (train.kl_warmup == "linear") schedule = std::min(1.0, double(step) / train.kl_warmup_steps);
  return train.kl_weight * schedule;
}

RunConfig run_config_from_json(const json& j, const std::string& origin) {
  RunConfig c;
  ObjectReader r(j, origin, "");
  r.read("preset", c.preset);
  r.read("data", c.data);
  if (const json* m = r.child("model")) c.model = model_from_json(*m, origin);
  if (const json* t = r.child("train")) c.train = train_from_json(*t, origin);
  r.reject_unknown_keys();
  validate(c, origin);
  return c;
}

ModelConfig flat_vae_config(const ModelConfig& m) {
  ModelConfig v = m;
  v.model = "vae";
  int dims = 0, levels = 0;
  for (int d : m.latent_dims) dims += d;
  for (int n : m.conv_levels_per_layer) levels += n;
  v.latent_dims = {dims};
  v.conv_levels_per_layer = {levels};
  return v;
}

ModelConfig with_model(const ModelConfig& m, const std::string& model) {
  if (model == "vae") return m.model == "vae" ? m : flat_vae_config(m);
  ModelConfig out = m;
  out.model = model;
  return out;
}

void validate(const RunConfig& c, const std::string& origin) {
  const ModelConfig& m = c.model;
  const TrainConfig& t = c.train;
  check(m.channels == 1 || m.channels == 3, origin, "model.channels",
        "must be 1 or 3, not " + std::to_string(m.channels));
  check(m.height >= 4 && m.height <= 1024, origin, "model.height",
        "must be in [4, 1024], not " + std::to_string(m.height));
  check(m.width >= 4 && m.width <= 1024, origin, "model.width", "must be in [4, 1024], not " + std::to_string(m.width));
  check(!m.latent_dims.empty() && m.latent_dims.size() <= 8, origin, "model.latent_dims", "must list 1 to 8 layers");
  for (int d : m.latent_dims)
    check(d >= 1 && d <= 512, origin, "model.latent_dims", "entries must be in [1, 512], not " + std::to_string(d));
  for (int w : m.conv_widths)
    check(w >= 1 && w <= 4096, origin, "model.conv_widths", "entries must be in [1, 4096], not " + std::to_string(w));
  int levels = 0;
  for (int n : m.conv_levels_per_layer) {
    check(n >= 1, origin, "model.conv_levels_per_layer", "entries must be at least 1");
    levels += n;
  }
  check(levels == int(m.conv_widths.size()), origin, "model.conv_levels_per_layer",
        "must add up to the number of conv_widths (" + std::to_string(m.conv_widths.size()) + "), not " +
            std::to_string(levels));
  check(m.model != "vae" || m.layers() == 1, origin, "model.latent_dims",
        "must list one layer for the flat VAE (model \"vae\"), not " + std::to_string(m.layers()));
  check(m.conv_layers() <= m.layers(), origin, "model.conv_levels_per_layer",
        "has more entries than there are latent layers");
  check((m.height % (1 << levels)) == 0 && (m.width % (1 << levels)) == 0, origin, "model.conv_widths",
        "has " + std::to_string(levels) + " stride-2 levels, so height and width must be divisible by " +
            std::to_string(1 << levels));
  check(m.convs_per_level == 1 || m.convs_per_level == 2, origin, "model.convs_per_level", "must be 1 or 2");
  check(m.fc_width >= 1 && m.fc_width <= 16384, origin, "model.fc_width",
        "must be in [1, 16384], not " + std::to_string(m.fc_width));
  check(std::isfinite(m.gate_init), origin, "model.gate_init", "must be a finite number");
  check(std::isfinite(m.recon_scale) && m.recon_scale > 0 && m.recon_scale <= 1e6, origin, "model.recon_scale",
        "must be in (0, 1e6]");
  check(t.batch >= 1 && t.batch <= 65536, origin, "train.batch",
        "must be in [1, 65536], not " + std::to_string(t.batch));
  check(std::isfinite(t.lr) && t.lr > 0 && t.lr <= 1, origin, "train.lr", "must be in (0, 1]");
  check(std::isfinite(t.kl_warmup_steps) && t.kl_warmup_steps > 0, origin, "train.kl_warmup_steps",
        "must be a positive number");
  check(std::isfinite(t.kl_weight) && t.kl_weight >= 0 && t.kl_weight <= 1000, origin, "train.kl_weight",
        "must be in [0, 1000]");
  check(t.steps >= 0, origin, "train.steps", "must not be negative");
  check(t.log_every >= 1, origin, "train.log_every", "must be at least 1");
  check(t.checkpoint_every >= 1, origin, "train.checkpoint_every", "must be at least 1");
  check(t.keep_checkpoints >= 1 && t.keep_checkpoints <= 1000, origin, "train.keep_checkpoints",
        "must be in [1, 1000], not " + std::to_string(t.keep_checkpoints));
  check(t.history_first >= 0, origin, "train.history_first", "must be 0 (no history) or a step, not negative");
  check(t.history_growth >= 1.1 && t.history_growth <= 10, origin, "train.history_growth",
        "must be in [1.1, 10] (each history step this many times the last)");
  check(t.precision == "fp32" || t.precision == "bf16", origin, "train.precision",
        "must be fp32 or bf16, not '" + t.precision + "'");
  check(!c.data.empty(), origin, "data", "must name a data set");
}

json to_json(const RunConfig& c) {
  const ModelConfig& m = c.model;
  const TrainConfig& t = c.train;
  return json{{"preset", c.preset},
              {"data", c.data},
              {"model",
               {{"model", m.model},
                {"channels", m.channels},
                {"height", m.height},
                {"width", m.width},
                {"pixel_range", m.pixel_range},
                {"latent_dims", m.latent_dims},
                {"conv_widths", m.conv_widths},
                {"conv_levels_per_layer", m.conv_levels_per_layer},
                {"convs_per_level", m.convs_per_level},
                {"fc_width", m.fc_width},
                {"combine", m.combine},
                {"gate_init", m.gate_init},
                {"batch_norm", m.batch_norm},
                {"likelihood", m.likelihood},
                {"recon_scale", m.recon_scale}}},
              {"train",
               {{"batch", t.batch},
                {"lr", t.lr},
                {"kl_warmup", t.kl_warmup},
                {"kl_warmup_steps", t.kl_warmup_steps},
                {"kl_weight", t.kl_weight},
                {"seed", t.seed},
                {"steps", t.steps},
                {"log_every", t.log_every},
                {"checkpoint_every", t.checkpoint_every},
                {"keep_checkpoints", t.keep_checkpoints},
                {"history_first", t.history_first},
                {"history_growth", t.history_growth},
                {"precision", t.precision}}}};
}

RunConfig load_run_config(const std::string& path) {
  if (fs::is_directory(path)) throw Error(path + ": is a folder, not a config file");
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open config file");
  json j;
  try {
    in >> j;
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    throw usage_error(path + ": invalid JSON (" + std::string(e.what()).substr(std::string(e.what()).find(']') + 2) +
                      ")");
  }
  return run_config_from_json(j, path);
}

std::string assets_dir() {
  if (const char* env = std::getenv("VLAE_ASSETS_DIR"); env && *env) return env;
  return share_subdir("presets", "VLAE_ASSETS_DIR").parent_path().string();
}

std::vector<std::string> preset_names() {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(assets_dir()) / "presets", ec))
    if (e.path().extension() == ".json") names.insert(e.path().stem().string());
  return {names.begin(), names.end()};
}

RunConfig load_preset(const std::string& name_or_path) {
  const bool looks_like_path =
      name_or_path.find('/') != std::string::npos ||
      (name_or_path.size() > 5 && name_or_path.compare(name_or_path.size() - 5, 5, ".json") == 0);
  if (looks_like_path) return load_run_config(name_or_path);
  const fs::path file = fs::path(assets_dir()) / "presets" / (name_or_path + ".json");
  if (!fs::exists(file))
    throw usage_error("unknown preset '" + name_or_path + "'; known presets: " + join(preset_names()) +
                      " (or give the path of a config JSON file)");
  return load_run_config(file.string());
}

}  // namespace vlae
