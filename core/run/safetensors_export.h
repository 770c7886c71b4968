#pragma once
// A model's weights as a .safetensors file: every parameter and buffer in fp32 (little-endian)
// under its module name, the resolved run config as JSON under __metadata__["config"]. Readable
// with NumPy alone (docs/reliability.md shows how).
#include <string>

#include "core/model/config.h"
#include "core/model/latent_model.h"

namespace vlae {

// The file's bytes: an 8-byte little-endian header length, the JSON header (padded with spaces to
// a multiple of 8), then the tensors' bytes in header order.
std::string safetensors_bytes(const RunConfig& config, Model& model, int64_t step);
// Writes them atomically; throws vlae::Error naming `path` when it cannot.
void export_safetensors(const std::string& path, const RunConfig& config, Model& model, int64_t step);

}  // namespace vlae
