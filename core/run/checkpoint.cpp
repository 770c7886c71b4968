#include "core/run/checkpoint.h"

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/exception_text.h"
#include "core/io/atomic_file.h"
#include "core/io/zip_check.h"

namespace vlae {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Archive {
  torch::serialize::InputArchive archive;
  int64_t step = 0;
  double wall_s = 0;
  RunConfig config;
};

// `path` names the bytes' origin in errors (a file, or rank 0's checkpoint in a distributed run).
Archive open_archive_bytes(const std::string& bytes, const std::string& path) {
  if (const std::string damage = zip_damage(bytes); !damage.empty())
    throw Error(path + ": not a vlae checkpoint (damaged archive: " + damage + ")");
  Archive a;
  try {
    std::istringstream in(bytes);
    a.archive.load_from(in);
  } catch (const std::exception& e) {
    throw Error(path + ": not a vlae checkpoint (" + first_line(e) + ")");
  }
  c10::IValue format, step, wall, config;
  try {
    a.archive.read("vlae_format", format);
    a.archive.read("step", step);
    a.archive.read("wall_s", wall);
    a.archive.read("config", config);
  } catch (const std::exception& e) {
    throw Error(path + ": not a vlae checkpoint (missing " + first_line(e) + ")");
  }
  if (!format.isInt() || !step.isInt() || !wall.isDouble() || !config.isString())
    throw Error(path + ": not a vlae checkpoint (header fields have the wrong types)");
  if (format.toInt() > kCheckpointFormat)
    throw Error(path + ": checkpoint format version " + std::to_string(format.toInt()) +
                " is newer than this program supports (" + std::to_string(kCheckpointFormat) + ")");
  a.step = step.toInt();
  a.wall_s = wall.toDouble();
  try {
    a.config = run_config_from_json(json::parse(config.toStringRef()), path + " (embedded config)");
  } catch (const json::exception& e) {
    throw Error(path + ": embedded config is not valid JSON");
  }
  return a;
}

Archive open_archive(const std::string& path) { return open_archive_bytes(read_file(path), path); }

// Loads weights by name and refuses any whose shape disagrees (torch would silently reshape).
void load_model_weights(const std::string& path, torch::serialize::InputArchive& archive, Model& model) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
  for (const auto& p : model->named_parameters()) expected.emplace_back(p.key(), p.value().sizes().vec());
  for (const auto& b : model->named_buffers()) expected.emplace_back(b.key(), b.value().sizes().vec());
  try {
    torch::serialize::InputArchive weights;
    archive.read("model", weights);
    model->load(weights);
  } catch (const std::exception& e) {
    throw Error(path + ": weights do not fit the model (" + first_line(e) + ")");
  }
  const auto params = model->named_parameters();
  const auto buffers = model->named_buffers();
  for (const auto& [name, shape] : expected) {
    const torch::Tensor* t = params.find(name);
    if (!t) t = buffers.find(name);
    if (!t || t->sizes().vec() != shape)
      throw Error(path + ": weights do not fit the model (tensor '" + name +
                  "' has another shape than the config gives)");
  }
}

}  // namespace

std::string checkpoint_bytes(const RunConfig& config, Model& model, torch::optim::Optimizer* optimizer, int64_t step,
                             double wall_s) {
  torch::serialize::OutputArchive archive;
  archive.write("vlae_format", c10::IValue(kCheckpointFormat));
  archive.write("step", c10::IValue(step));
  archive.write("wall_s", c10::IValue(wall_s));
  archive.write("config", c10::IValue(to_json(config).dump()));
  torch::serialize::OutputArchive weights;
  model->save(weights);
  archive.write("model", weights);
  if (optimizer) {
    torch::serialize::OutputArchive opt;
    optimizer->save(opt);
    archive.write("optimizer", opt);
  }
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

void save_checkpoint(const std::string& path, const RunConfig& config, Model& model, torch::optim::Optimizer& optimizer,
                     int64_t step, double wall_s) {
  write_file_atomic(path, checkpoint_bytes(config, model, &optimizer, step, wall_s));
}

CheckpointPosition load_checkpoint_into(const std::string& path, const RunConfig& config, Model& model,
                                        torch::optim::Optimizer& optimizer) {
  return load_checkpoint_bytes_into(read_file(path), path, config, model, optimizer);
}

CheckpointPosition load_checkpoint_bytes_into(const std::string& bytes, const std::string& path,
                                              const RunConfig& config, Model& model,
                                              torch::optim::Optimizer& optimizer) {
  Archive a = open_archive_bytes(bytes, path);
  if (to_json(a.config)["model"] != to_json(config)["model"])
    throw Error(path + ": checkpoint was made with another model config than this run's config.json");
  load_model_weights(path, a.archive, model);
  try {
    torch::serialize::InputArchive opt;
    a.archive.read("optimizer", opt);
    optimizer.load(opt);
  } catch (const std::exception& e) {
    throw Error(path + ": optimizer state does not fit (" + first_line(e) + ")");
  }
  return {a.step, a.wall_s};
}

LoadedModel load_model(const std::string& run_or_checkpoint) {
  std::error_code ec;
  const std::string path =
      fs::is_directory(run_or_checkpoint, ec) ? RunPaths(run_or_checkpoint).checkpoint : run_or_checkpoint;
  if (!fs::exists(path, ec))
    throw Error(fs::is_directory(run_or_checkpoint, ec) ? run_or_checkpoint + ": run folder has no checkpoint.pt yet"
                                                        : path + ": no such run folder or checkpoint");
  Archive a = open_archive(path);
  LoadedModel out;
  out.config = a.config;
  out.step = a.step;
  out.wall_s = a.wall_s;
  out.checkpoint_path = path;
  out.model = make_model(a.config.model);
  load_model_weights(path, a.archive, out.model);
  out.model->eval();
  return out;
}

void write_state_file(const RunPaths& paths, const RunConfig& config, int64_t step, double wall_s) {
  const json state{{"step", step},
                   {"seed", config.train.seed},
                   {"wall_s", wall_s},
                   {"checkpoint", "checkpoint.pt"},
                   {"format", kCheckpointFormat},
                   {"rng", "counter-based: batch order and noise are functions of (seed, step)"}};
  write_file_atomic(paths.state, state.dump(2) + "\n");
}

}  // namespace vlae
