#include "core/run/model_snapshot.h"

#include <atomic>

#include "core/run/snapshot_info.h"
#include "core/run/checkpoint.h"

namespace vlae {

namespace {
std::atomic<uint64_t> g_next_snapshot_id{1};

// bf16 pays on CPUs with AVX-512 BF16; elsewhere (a GPU included) the fused decoder stays fp32.
// (Without them LibTorch's bf16 GEMMs are slower than fp32 ones, and with oneDNN capped below
// AVX-512, as `scripts/test --other-cpu` runs, not there at all.)
DecodePrecision prepare_for_decoding(LatentModelImpl& model, DecodePrecision wanted) {
  if (wanted == DecodePrecision::BFloat16 && (!model.parameters().front().device().is_cpu() || !cpu_has_avx512_bf16()))
    wanted = DecodePrecision::Float32;
  return model.prepare_fast_decode(wanted);
}
}  // namespace

std::shared_ptr<const ModelSnapshot> make_snapshot(const RunConfig& config, Model& model, int64_t step,
                                                   const std::string& checkpoint, DecodePrecision precision) {
  auto snap = std::make_shared<ModelSnapshot>();
  snap->config = config;
  snap->step = step;
  snap->checkpoint = checkpoint;
  snap->id = g_next_snapshot_id++;
  snap->model = make_model(config.model);
  torch::NoGradGuard no_grad;
  const auto device = model->parameters().front().device();
  snap->model->to(device);
  auto dst_p = snap->model->parameters();
  auto src_p = model->parameters();
  for (size_t i = 0; i < dst_p.size(); ++i) dst_p[i].copy_(src_p[i]);
  auto dst_b = snap->model->buffers();
  auto src_b = model->buffers();
  for (size_t i = 0; i < dst_b.size(); ++i) dst_b[i].copy_(src_b[i]);
  snap->model->eval();
  snap->precision = prepare_for_decoding(*snap->model, precision);
  return snap;
}

std::shared_ptr<const ModelSnapshot> private_copy(const ModelSnapshot& snapshot) {
  Model source = snapshot.model;
  return make_snapshot(snapshot.config, source, snapshot.step, snapshot.checkpoint);
}

SnapshotInfo snapshot_info(const ModelSnapshot& s) { return {s.config, s.step, s.id, s.checkpoint}; }

std::shared_ptr<const ModelSnapshot> snapshot_from_checkpoint(const std::string& run_or_checkpoint) {
  LoadedModel lm = load_model(run_or_checkpoint);
  auto snap = std::make_shared<ModelSnapshot>();
  snap->config = lm.config;
  snap->model = lm.model;
  snap->step = lm.step;
  snap->checkpoint = lm.checkpoint_path;
  snap->id = g_next_snapshot_id++;
  snap->model->eval();
  snap->precision = prepare_for_decoding(*snap->model, default_decode_precision());
  return snap;
}

}  // namespace vlae
