#pragma once
// Run configuration as plain structs, read from and written to JSON. Validation lives here so the
// CLI, the GUI and checkpoints all refuse the same bad values with the same one-line message.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace vlae {

struct ModelConfig {
  // "vlae" (flat prior, ladder) | "hvae" (Markov chain baseline) | "vae" (one latent layer: the
  // flat baseline; a beta-VAE is this with train.kl_weight = beta)
  std::string model = "vlae";
  int channels = 1, height = 28, width = 28;
  std::string pixel_range = "unit";           // "unit": [0,1]; "signed": [-1,1]
  std::vector<int> latent_dims{2, 2, 2};      // bottom -> top; the ladder has latent_dims.size() layers
  std::vector<int> conv_widths{64, 128};      // channels of each stride-2 conv level, bottom -> top
  std::vector<int> conv_levels_per_layer{2};  // conv levels owned by each of the lowest layers
  int convs_per_level = 1;                    // 2 adds a stride-1 conv after each stride-2 conv
  int fc_width = 1024;
  std::string combine = "gated-add";  // "gated-add" | "concat"
  double gate_init = 0.1;
  bool batch_norm = true;
  std::string likelihood = "gaussian";  // "gaussian" (recon_scale * SSE) | "bernoulli"
  double recon_scale = 8.0;

  int layers() const { return int(latent_dims.size()); }
  int conv_layers() const { return int(conv_levels_per_layer.size()); }
};

struct TrainConfig {
  int batch = 100;
  double lr = 2e-4;
  std::string kl_warmup = "exp";  // "exp": 1-exp(-t/steps); "linear": min(1, t/steps); "none"
  double kl_warmup_steps = 15000;
  double kl_weight = 1.0;  // multiplies the warm-up schedule
  uint64_t seed = 0;
  int64_t steps = 10000;  // default target when --steps is not given
  int log_every = 50;
  int checkpoint_every = 500;
  int keep_checkpoints = 3;  // checkpoint.pt plus this many minus one older, numbered ones
  // Weights-only history copies at history_first * history_growth^k (0: none); see checkpoint_timeline.h.
  int history_first = 100;
  double history_growth = 2.0;
  // "bf16": the fully connected layers multiply in bfloat16 (fp32 weights, optimizer, batch norm,
  // convolutions and loss); 2-4x faster GEMMs on CPUs with AVX-512 BF16. "fp32": everything fp32.
  std::string precision = "fp32";
};

struct RunConfig {
  std::string preset = "mnist";  // name of the preset it started from, or the config path
  std::string data = "mnist";    // data spec: registry name or KIND:PATH
  ModelConfig model;
  TrainConfig train;
};

// The flat VAE with the same budget as `m`: one latent layer holding all of m's dims, behind every
// conv level (the same encoder and decoder convolutions, one fully connected block).
ModelConfig flat_vae_config(const ModelConfig& m);
// `m` as `model` ("vlae", "hvae" or "vae"): the VAE gets flat_vae_config; a VAE config turned into
// a ladder keeps its single layer.
ModelConfig with_model(const ModelConfig& m, const std::string& model);

// KL weight (beta) at step t under the config's warm-up schedule.
double kl_beta(const TrainConfig& train, int64_t step);

// Parsing throws vlae::Error (usage kind) naming `origin` (a file name) and the offending key.
RunConfig run_config_from_json(const nlohmann::json& j, const std::string& origin);
nlohmann::json to_json(const RunConfig& config);
void validate(const RunConfig& config, const std::string& origin);

RunConfig load_run_config(const std::string& path);

// Preset lookup: a name from the installed presets ("mnist", "svhn", "celeba", ...) or a JSON file path.
RunConfig load_preset(const std::string& name_or_path);
std::vector<std::string> preset_names();
// The folder holding presets/: $VLAE_ASSETS_DIR, else the program's share/vlae-explorer (share_dir.h).
std::string assets_dir();

}  // namespace vlae
