#pragma once
// The reverse of safetensors_export.h: a model's weights read from a .safetensors file, so a model
// trained elsewhere (PyTorch, with the same tensor names) opens as a run. Every parameter and buffer
// of the model must be in the file under its module name with the model's shape, in F32, F64, F16
// or BF16 (converted to fp32); a missing, mis-shaped, unknown or truncated tensor is refused with
// one line naming the file and the tensor.
#include <cstdint>
#include <optional>
#include <string>

#include "core/model/config.h"
#include "core/model/latent_model.h"

namespace vlae {

// The run config `vlae export` stores in the file's metadata, if it holds one.
std::optional<RunConfig> safetensors_config(const std::string& path);

// Fills every parameter and buffer of `model` from the file; returns the step its metadata names
// (0 when none). Throws vlae::Error naming the file and the tensor at fault.
int64_t load_safetensors_into(const std::string& path, Model& model);

// A new run folder `dir` (which must not hold a run) from the weights and `config`: config.json,
// checkpoint.pt (the weights, a fresh optimizer), state.json and an empty metrics.jsonl, so the
// explorer and every command open it and `vlae train --resume` continues it. Returns the step.
int64_t import_run(const std::string& weights, const RunConfig& config, const std::string& dir);

}  // namespace vlae
