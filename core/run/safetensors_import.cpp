#include "core/run/safetensors_import.h"

#include <cstring>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"
#include "core/run/run_folder.h"

namespace vlae {
namespace {

using nlohmann::json;

// The whole file, its JSON header and where the tensors' bytes begin.
struct SafetensorsFile {
  std::string bytes;
  json header;
  size_t data_begin = 0;
};

SafetensorsFile open_safetensors(const std::string& path) {
  SafetensorsFile f;
  f.bytes = read_file(path);
  if (f.bytes.size() < 8)
    throw Error(path + ": too short for a .safetensors file (" + std::to_string(f.bytes.size()) + " bytes)");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | uint8_t(f.bytes[size_t(i)]);  // little-endian on any host
  if (n > f.bytes.size() - 8)
    throw Error(path + ": its header says " + std::to_string(n) + " bytes but the file holds " +
                std::to_string(f.bytes.size() - 8) + " after the length: truncated, or not a .safetensors file");
  f.header = json::parse(f.bytes.begin() + 8, f.bytes.begin() + 8 + std::ptrdiff_t(n), nullptr, false);
  if (f.header.is_discarded() || !f.header.is_object())
    throw Error(path + ": the header is not a JSON object: not a .safetensors file");
  f.data_begin = 8 + size_t(n);
  return f;
}

size_t dtype_size(const std::string& dtype) {
  if (dtype == "F32") return 4;
  if (dtype == "F64") return 8;
  if (dtype == "F16" || dtype == "BF16") return 2;
  return 0;
}

torch::ScalarType dtype_type(const std::string& dtype) {
  if (dtype == "F64") return torch::kFloat64;
  if (dtype == "F16") return torch::kFloat16;
  if (dtype == "BF16") return torch::kBFloat16;
  return torch::kFloat32;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// One tensor of the file as an fp32 CPU tensor, after checking its entry against the model's.
torch::Tensor tensor_of(const SafetensorsFile& f, const std::string& path, const std::string& name,
                        const torch::Tensor& wanted) {
  const json& e = f.header[name];
  const std::string where = path + ": tensor '" + name + "'";
  if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets"))
    throw Error(where + " lacks dtype, shape or data_offsets");
  if (!e["dtype"].is_string()) throw Error(where + ": dtype is not a string");
  const std::string dtype = e["dtype"].get<std::string>();
  const size_t width = dtype_size(dtype);
  if (width == 0) throw Error(where + " is " + dtype + "; F32, F64, F16 and BF16 can be read");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (const json& d : e["shape"]) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0) throw Error(where + ": the shape is not a list of sizes");
    shape.push_back(d.get<int64_t>());
    count *= shape.back();
  }
  if (shape != wanted.sizes().vec())
    throw Error(where + " has shape " + shape_text(shape) + " but the model's is " + shape_text(wanted.sizes().vec()));
  const json& o = e["data_offsets"];
  if (!o.is_array() || o.size() != 2 || !o[0].is_number_unsigned() || !o[1].is_number_unsigned())
    throw Error(where + ": data_offsets is not [begin, end]");
  const size_t begin = o[0].get<size_t>(), end = o[1].get<size_t>();
  if (end < begin || end - begin != size_t(count) * width)
    throw Error(where + ": data_offsets span " + std::to_string(end - begin) + " bytes, its shape and dtype need " +
                std::to_string(size_t(count) * width));
  if (end > f.bytes.size() - f.data_begin) throw Error(where + " ends past the end of the file: truncated");
  torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(dtype_type(dtype)));
  std::memcpy(t.data_ptr(), f.bytes.data() + f.data_begin + begin, end - begin);
  return t.to(torch::kFloat32);
}

}  // namespace

std::optional<RunConfig> safetensors_config(const std::string& path) {
  const SafetensorsFile f = open_safetensors(path);
  const json& meta = f.header.value("__metadata__", json::object());
  if (!meta.is_object() || !meta.contains("config") || !meta["config"].is_string()) return std::nullopt;
  const json config = json::parse(meta["config"].get<std::string>(), nullptr, false);
  if (config.is_discarded()) throw Error(path + ": the config in its metadata is not JSON");
  return run_config_from_json(config, path + " (metadata)");
}

int64_t load_safetensors_into(const std::string& path, Model& model) {
  const SafetensorsFile f = open_safetensors(path);
  std::map<std::string, torch::Tensor> wanted;
  for (const auto& p : model->named_parameters()) wanted[p.key()] = p.value();
  for (const auto& b : model->named_buffers()) wanted[b.key()] = b.value();
  for (const auto& [name, entry] : f.header.items())
    if (name != "__metadata__" && !wanted.count(name))
      throw Error(path + ": tensor '" + name + "' is not in the model (its " + std::to_string(wanted.size()) +
                  " tensors are named as `vlae export` writes them)");
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : wanted) {
    if (!f.header.contains(name)) throw Error(path + ": tensor '" + name + "' is missing; the model needs it");
    target.copy_(tensor_of(f, path, name, target));
  }
  int64_t step = 0;
  const json& meta = f.header.value("__metadata__", json::object());
  if (meta.is_object() && meta.contains("step") && meta["step"].is_string()) {
    const std::string text = meta["step"].get<std::string>();  // `end` points into it
    char* end = nullptr;
    const long long s = std::strtoll(text.c_str(), &end, 10);
    if (end && *end == '\0' && s > 0) step = s;
  }
  return step;
}

int64_t import_run(const std::string& weights, const RunConfig& config, const std::string& dir) {
  validate(config, "config");
  const RunPaths paths(dir);
  if (std::filesystem::exists(paths.checkpoint) || std::filesystem::exists(paths.config))
    throw usage_error(dir + ": already holds a run; choose another --out");
  Model model = make_model(config.model);
  const int64_t step = load_safetensors_into(weights, model);  // before the folder: a bad file leaves nothing
  ensure_writable_dir(dir);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(config.train.lr));
  write_file_atomic(paths.config, to_json(config).dump(2) + "\n");
  save_checkpoint(paths.checkpoint, config, model, optimizer, step, 0.0);
  write_state_file(paths, config, step, 0.0);
  write_file_atomic(paths.metrics, "");
  return step;
}

}  // namespace vlae
