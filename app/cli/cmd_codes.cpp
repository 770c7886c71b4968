// `vlae encode | interpolate | export`: the latent codes and the weights out to other tools.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "app/cli/command_registry.h"
#include "app/cli/option_ranges.h"
#include "app/cli/shared_options.h"
#include "core/common/error.h"
#include "core/data/image_files.h"
#include "core/data/registry.h"
#include "core/explore/grids.h"
#include "core/explore/interpolation.h"
#include "core/explore/posterior_codes.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"
#include "core/run/safetensors_export.h"
#include "core/run/safetensors_import.h"

namespace vlae::cli {

namespace {

ImageShape run_shape(const LoadedModel& lm) {
  const ModelConfig& m = lm.config.model;
  return {m.channels, m.height, m.width};
}

// The user's image files, prepared as the run's data set; any file that cannot be read stops the
// command with its one line, before anything is written.
ImageFilesResult load_own_images(const LoadedModel& lm, const std::vector<std::string>& paths) {
  ImageFilesResult r = load_image_files(paths, run_shape(lm), crop_for_data(lm.config.data));
  if (!r.errors.empty()) throw Error(r.errors.front());
  return r;
}

struct EncodeOptions {
  std::string run, data, data_dir, split = "test", out;
  std::vector<std::string> images;
  int n = -1, threads = -1;
};

int encode(const EncodeOptions& o) {
  if (o.images.empty() == o.data.empty()) throw usage_error("encode needs IMAGE files or --data D (one of them)");
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  PosteriorCodes codes;
  if (!o.images.empty()) {
    const ImageFilesResult own = load_own_images(lm, o.images);
    std::vector<int64_t> idx;
    for (size_t i = 0; i < own.images.size(); ++i) idx.push_back(int64_t(i));
    codes = encode_posteriors(lm.model, own.images, idx, "file", own.names);
  } else {
    const DataSplit split = load_data(o.data, data_dir_or_default(o.data_dir), run_shape(lm));
    const Dataset& d = o.split == "train" ? split.train : split.heldout;
    const int64_t n = o.n < 0 ? int64_t(d.size()) : std::min<int64_t>(o.n, int64_t(d.size()));
    std::vector<int64_t> idx;
    for (int64_t i = 0; i < n; ++i) idx.push_back(i);
    codes = encode_posteriors(lm.model, d, idx, o.split);
  }
  const bool as_json = has_extension(o.out, ".json");
  const std::string text = as_json ? to_json(codes).dump(1) + "\n" : to_csv(codes);
  if (o.out.empty()) {
    std::cout << text;
    return 0;
  }
  write_file_atomic(o.out, text);
  std::printf("wrote %s: posterior means and standard deviations of %zu images, %zu layers\n", o.out.c_str(),
              codes.names.size(), codes.dims.size());
  return 0;
}

const bool encode_registered = register_command(
    {"encode", "Posterior means and standard deviations of images, per layer, as CSV or JSON", 24,
     [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<EncodeOptions>();
       cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
       cmd.add_option("images", o->images, "PNG/JPEG files or folders, prepared as the run's data set");
       cmd.add_option("--data", o->data, "Encode this data set instead of files (e.g. the run's: mnist)");
       cmd.add_option("--split", o->split, "With --data: train or test (held out, the default)")
           ->check(CLI::IsMember({"train", "test"}));
       cmd.add_option("--n", o->n, "With --data: the first N images (default all)")
           ->check(whole_number_in(1, 100000000));
       cmd.add_option("--out", o->out, "FILE.csv or FILE.json (default: CSV to standard output)")
           ->check(file_extension_in({".csv", ".json"}));
       add_data_dir(cmd, o->data_dir);
       add_threads(cmd, o->threads);
       return [o] { return encode(*o); };
     }});

struct InterpolateOptions {
  std::string run, from, to, layers = "all", mode = "linear", out, data, data_dir;
  int n = 8, threads = -1, fps = 12;
};

// "test:17", "train:5" or an image file: its posterior mean.
LatentCode code_of(LoadedModel& lm, const std::string& what, const std::string& flag, const InterpolateOptions& o) {
  const size_t colon = what.find(':');
  const std::string kind = colon == std::string::npos ? "" : what.substr(0, colon);
  if (kind == "test" || kind == "train") {
    const std::string number = what.substr(colon + 1);
    char* end = nullptr;
    const long long index = std::strtoll(number.c_str(), &end, 10);
    if (number.empty() || *end != '\0' || index < 0)
      throw usage_error(flag + " " + what + ": the index must be a whole number, 0 or more");
    const DataSplit split =
        load_data(o.data.empty() ? lm.config.data : o.data, data_dir_or_default(o.data_dir), run_shape(lm));
    const Dataset& d = kind == "train" ? split.train : split.heldout;
    if (size_t(index) >= d.size())
      throw usage_error(flag + " " + what + " is out of range: the " + (kind == "train" ? "training" : "held-out") +
                        " set has " + std::to_string(d.size()) + " images (0 to " + std::to_string(d.size() - 1) + ")");
    return encode_means(lm.model, d, {int64_t(index)}).front();
  }
  const ImageFilesResult own = load_own_images(lm, {what});
  if (own.images.size() != 1) throw usage_error(flag + " " + what + ": give one image file or test:INDEX");
  return encode_means(lm.model, own.images, {0}).front();
}

int interpolate(const InterpolateOptions& o) {
  const bool animated = is_animation_path(o.out);
  use_threads(o.threads);
  LoadedModel lm = load_model(o.run);
  InterpolationSpec spec;
  spec.n = o.n;
  spec.slerp = o.mode == "slerp";
  spec.layers = parse_layer_list(o.layers, lm.config.model.layers());
  const LatentCode a = code_of(lm, o.from, "--from", o), b = code_of(lm, o.to, "--to", o);
  if (animated) {
    Animation anim = interpolation_animation(lm.model, a, b, spec);
    anim.sidecar["from_image"] = o.from;
    anim.sidecar["to_image"] = o.to;
    return save_animation(o.out, anim, o.fps, lm.checkpoint_path, lm.step);
  }
  Grid g = interpolation_grid(lm.model, a, b, spec);
  g.sidecar["from_image"] = o.from;
  g.sidecar["to_image"] = o.to;
  write_grid(o.out, g, lm.checkpoint_path, lm.step);
  std::printf("wrote %s (%d rows x %d steps, %s) and its .json sidecar\n", o.out.c_str(), g.rows, g.cols,
              o.mode.c_str());
  return 0;
}

const bool interpolate_registered = register_command(
    {"interpolate", "Decode the way from image A's code to image B's, per layer and all together", 25,
     [](CLI::App& cmd) -> CommandRun {
       auto o = std::make_shared<InterpolateOptions>();
       cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
       cmd.add_option("--from", o->from, "A: an image file, or test:INDEX / train:INDEX of the run's data")->required();
       cmd.add_option("--to", o->to, "B: as --from")->required();
       cmd.add_option("--n", o->n, "Steps from A to B (default 8)")->check(whole_number_in(2, 100));
       cmd.add_option("--layers", o->layers, "all, or 1-based layers such as 1,3: one row each, then all together");
       cmd.add_option("--mode", o->mode, "linear or slerp (spherical)")->check(CLI::IsMember({"linear", "slerp"}));
       cmd.add_option("--out", o->out,
                      "Output FILE.png, or FILE.gif / FILE.mp4 to animate A -> B and back "
                      "(a .json sidecar is written beside it)")
           ->required()
           ->check(file_extension_in({".png", ".gif", ".mp4"}));
       add_fps(cmd, o->fps);
       cmd.add_option("--data", o->data, "Data set of test:/train: indices (default: the run's)");
       add_data_dir(cmd, o->data_dir);
       add_threads(cmd, o->threads);
       return [o] { return interpolate(*o); };
     }});

const bool export_registered =
    register_command({"export", "Write the weights as .safetensors (fp32, the config in its metadata)", 26,
                      [](CLI::App& cmd) -> CommandRun {
                        struct Options {
                          std::string run, out;
                        };
                        auto o = std::make_shared<Options>();
                        cmd.add_option("run", o->run, "Run folder or checkpoint file")->required();
                        cmd.add_option("--out", o->out, "Output FILE.safetensors")
                            ->required()
                            ->check(file_extension_in({".safetensors"}));
                        return [o] {
                          LoadedModel lm = load_model(o->run);
                          export_safetensors(o->out, lm.config, lm.model, lm.step);
                          std::printf("wrote %s: %lld parameters of step %lld in fp32\n", o->out.c_str(),
                                      (long long)lm.model->parameter_count(), (long long)lm.step);
                          return 0;
                        };
                      }});

const bool import_registered = register_command(
    {"import", "Make a run folder from .safetensors weights (the reverse of export), e.g. a model trained in PyTorch",
     27, [](CLI::App& cmd) -> CommandRun {
       struct Options {
         std::string weights, config, out;
       };
       auto o = std::make_shared<Options>();
       cmd.add_option("weights", o->weights, "FILE.safetensors holding every tensor of the model by its name")
           ->required()
           ->check(file_extension_in({".safetensors"}));
       cmd.add_option("--config", o->config,
                      "Preset name or config JSON of the model (default: the config `vlae export` stored in the file)");
       cmd.add_option("--out", o->out, "Run folder to create")->required();
       return [o] {
         std::optional<RunConfig> config;
         if (!o->config.empty())
           config = load_preset(o->config);
         else
           config = safetensors_config(o->weights);
         if (!config)
           throw usage_error(o->weights + " holds no config in its metadata: give --config PRESET or a config JSON");
         const int64_t step = import_run(o->weights, *config, o->out);
         std::printf("wrote %s: the %s model of %s at step %lld\n", o->out.c_str(), config->model.model.c_str(),
                     o->weights.c_str(), (long long)step);
         return 0;
       };
     }});

}  // namespace
}  // namespace vlae::cli
