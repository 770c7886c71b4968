#include "core/run/safetensors_export.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"

namespace vlae {

using nlohmann::json;

std::string safetensors_bytes(const RunConfig& config, Model& model, int64_t step) {
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& p : model->named_parameters()) tensors.emplace_back(p.key(), p.value());
  for (const auto& b : model->named_buffers()) tensors.emplace_back(b.key(), b.value());
  json header = json::object();
  header["__metadata__"] = {{"format", "pt"}, {"config", to_json(config).dump()}, {"step", std::to_string(step)}};
  std::string data;
  for (auto& [name, t] : tensors) {
    t = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const size_t begin = data.size(), bytes = size_t(t.numel()) * sizeof(float);
    data.append(reinterpret_cast<const char*>(t.data_ptr<float>()), bytes);
    header[name] = {{"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {begin, begin + bytes}}};
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const uint64_t n = text.size();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[size_t(i)] = char((n >> (8 * i)) & 0xff);  // little-endian on any host
  out += text;
  out += data;
  return out;
}

void export_safetensors(const std::string& path, const RunConfig& config, Model& model, int64_t step) {
  write_file_atomic(path, safetensors_bytes(config, model, step));
}

}  // namespace vlae
