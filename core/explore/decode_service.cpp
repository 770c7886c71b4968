#include "core/explore/decode_service.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/explore/gibbs.h"
#include "core/explore/grids.h"
#include "core/explore/interpolation.h"
#include "core/explore/traverse_animation.h"
#include "core/run/model_snapshot.h"

namespace vlae {

namespace {
struct Slot {
  bool has_pending = false;
  uint64_t pending_generation = 0;
  DecodeRequest pending;
  std::optional<DecodeResult> result;  // newest finished, not yet taken
  uint64_t newest_finished = 0;        // results never go back in time
};

// The chain a Gibbs request continues: same start and seed, not past the target. New weights do
// not restart it: a live chain simply continues under the newest snapshot.
struct GibbsCache {
  std::shared_ptr<const Dataset> data;
  int chains = 0;
  uint64_t seed = 0;
  bool from_data = true;
  std::optional<GibbsChainState> state;
  torch::Tensor start;

  bool continues(const DecodeRequest& r) const {
    return state && data == r.data && chains == r.n && seed == r.seed && from_data == r.from_data &&
           state->step <= r.gibbs_steps;
  }
};

// Two rows per figure: where each chain started, and where it is now.
DecodeResult run_gibbs(const DecodeRequest& req, const ModelSnapshot& snap, GibbsCache& cache) {
  Model model = snap.model;
  if (req.gibbs_steps < 0) throw Error("gibbs: the step count must not be negative");
  if (!cache.continues(req)) {
    if (req.from_data && !req.data) throw Error("gibbs: no data set loaded to start from");
    cache = GibbsCache{req.data, req.n, req.seed, req.from_data, std::nullopt, {}};
    cache.state = start_gibbs(model, req.n, req.from_data, req.data.get(), req.seed);
    cache.start = cache.state->x;
  }
  advance_gibbs(model, *cache.state, req.gibbs_steps - cache.state->step);
  const bool signed_range = model->config().pixel_range == "signed";
  std::vector<Image> tiles = tensor_to_images(cache.start, signed_range);
  for (Image& img : tensor_to_images(cache.state->x, signed_range)) tiles.push_back(std::move(img));
  DecodeResult out;
  out.cols = int(cache.start.size(0));
  out.rows = 2;
  out.image = tile_images(tiles, out.rows, out.cols);
  out.gibbs_step = cache.state->step;
  out.sidecar = {{"kind", "gibbs"},    {"from", req.from_data ? "data" : "noise"},
                 {"chains", out.cols}, {"step", out.gibbs_step},
                 {"seed", req.seed},   {"rows", "start, current"}};
  return out;
}

DecodeResult run_request(const DecodeRequest& req, const ModelSnapshot& snap, GibbsCache& gibbs) {
  DecodeResult out;
  Model model = snap.model;
  Grid grid;
  switch (req.kind) {
    case DecodeKind::Code: {
      auto images = decode_codes(model, {req.code});
      out.image = std::move(images.front());
      return out;
    }
    case DecodeKind::Encode: {
      if (!req.data || req.index < 0 || size_t(req.index) >= req.data->size())
        throw Error("encode: image index " + std::to_string(req.index) + " is outside the data set");
      out.code = encode_means(model, *req.data, {req.index}).front();
      return out;
    }
    case DecodeKind::Traverse:
      grid = traverse_grid(model, req.traverse);
      break;
    case DecodeKind::TraverseAllLayers:
      grid = traverse_all_layers(model, req.traverse);
      break;
    case DecodeKind::Samples:
      grid = sample_grid(model, req.n, req.seed, req.temperature);
      break;
    case DecodeKind::Gibbs:
      return run_gibbs(req, snap, gibbs);
    case DecodeKind::Reconstructions:
      if (!req.data) throw Error("reconstructions: no data set loaded");
      grid = reconstruction_grid(model, *req.data, req.n);
      break;
    case DecodeKind::TraverseAnimation:
    case DecodeKind::InterpolateAnimation: {
      Animation a = req.kind == DecodeKind::TraverseAnimation
                        ? traverse_animation(model, req.traverse, req.all_layers)
                        : interpolation_animation(model, req.code, req.code_b, req.interpolation);
      out.image = a.frames.front();
      out.frames = std::move(a.frames);
      out.sidecar = std::move(a.sidecar);
      return out;
    }
    case DecodeKind::Interpolate:
      grid = interpolation_grid(model, req.code, req.code_b, req.interpolation);
      break;
    case DecodeKind::Codes:
      if (req.rows < 1 || req.cols < 1 || req.codes.size() != size_t(req.rows) * size_t(req.cols))
        throw Error("codes: " + std::to_string(req.codes.size()) + " codes do not fill " + std::to_string(req.rows) +
                    " x " + std::to_string(req.cols) + " cells");
      grid.image = tile_images(decode_codes(model, req.codes), req.rows, req.cols);
      grid.rows = req.rows;
      grid.cols = req.cols;
      grid.sidecar = req.sidecar.is_object() ? req.sidecar : nlohmann::json::object();
      grid.sidecar["rows"] = req.rows;
      grid.sidecar["cols"] = req.cols;
      grid.sidecar["codes"] = req.codes;
      break;
  }
  out.image = std::move(grid.image);
  out.rows = grid.rows;
  out.cols = grid.cols;
  out.sidecar = std::move(grid.sidecar);
  return out;
}
}  // namespace

struct DecodeService::Impl {
  SnapshotSource source;
  int threads = 1;
  DecodeThreads thread_count;  // when set, asked before each request
  std::mutex mutex;
  std::condition_variable cv;
  std::map<int, Slot> slots;  // ordered: the lowest slot (the sliders) is served first
  uint64_t next_generation = 1;
  bool quit = false;
  std::thread worker;

  void loop() {
    int current_threads = 0;  // with thread_count: set before the first request
    if (!thread_count) set_compute_threads(threads);
    GibbsCache gibbs_cache;  // the worker's alone
    for (;;) {
      int slot_id = 0;
      uint64_t generation = 0;
      DecodeRequest req;
      {
        std::unique_lock<std::mutex> lock(mutex);
        auto pending = [&] {
          for (auto& [id, s] : slots)
            if (s.has_pending) return true;
          return false;
        };
        cv.wait(lock, [&] { return quit || pending(); });
        if (quit) return;
        for (auto& [id, s] : slots) {
          if (!s.has_pending) continue;
          slot_id = id;
          generation = s.pending_generation;
          req = std::move(s.pending);
          s.has_pending = false;
          break;
        }
      }
      if (thread_count) {
        const int want = std::max(1, thread_count());
        if (want != current_threads) set_intra_op_threads(current_threads = want);
      }
      DecodeResult result;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        std::shared_ptr<const ModelSnapshot> snap = source ? source() : nullptr;
        if (!snap) throw Error("no model to decode with yet");
        result = run_request(req, *snap, gibbs_cache);
        result.snapshot_step = snap->step;
        result.snapshot_id = snap->id;
        result.checkpoint = snap->checkpoint;
      } catch (const c10::Error& e) {
        result.error = e.what_without_backtrace();
      } catch (const std::exception& e) {
        result.error = e.what();
      }
      result.generation = generation;
      result.decode_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      {
        std::lock_guard<std::mutex> lock(mutex);
        Slot& s = slots[slot_id];
        if (generation > s.newest_finished) {
          s.newest_finished = generation;
          s.result = std::move(result);
        }
      }
      cv.notify_all();
    }
  }
};

DecodeService::DecodeService(SnapshotSource source, int threads) : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(source);
  impl_->threads = threads;
  Impl* raw = impl_.get();
  impl_->worker = std::thread([raw] { raw->loop(); });
}

DecodeService::DecodeService(SnapshotSource source, DecodeThreads threads) : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(source);
  impl_->thread_count = std::move(threads);
  Impl* raw = impl_.get();
  impl_->worker = std::thread([raw] { raw->loop(); });
}

DecodeService::~DecodeService() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->quit = true;
  }
  impl_->cv.notify_all();
  impl_->worker.join();
}

uint64_t DecodeService::submit(int slot, DecodeRequest request) {
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    generation = impl_->next_generation++;
    Slot& s = impl_->slots[slot];
    s.pending = std::move(request);
    s.pending_generation = generation;
    s.has_pending = true;
  }
  impl_->cv.notify_all();
  return generation;
}

std::optional<DecodeResult> DecodeService::take(int slot) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->slots.find(slot);
  if (it == impl_->slots.end() || !it->second.result) return std::nullopt;
  std::optional<DecodeResult> out = std::move(it->second.result);
  it->second.result.reset();
  return out;
}

std::optional<DecodeResult> DecodeService::wait(int slot, uint64_t generation, double timeout_s) {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  const bool done = impl_->cv.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] {
    auto it = impl_->slots.find(slot);
    return it != impl_->slots.end() && it->second.newest_finished >= generation && it->second.result.has_value();
  });
  if (!done) return std::nullopt;
  std::optional<DecodeResult> out = std::move(impl_->slots[slot].result);
  impl_->slots[slot].result.reset();
  return out;
}

}  // namespace vlae
