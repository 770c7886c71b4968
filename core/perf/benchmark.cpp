#include "core/perf/benchmark.h"

#include <sys/resource.h>
#include <torch/csrc/autograd/profiler.h>

#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "core/common/blas_core.h"
#include "core/common/compute_threads.h"
#include "core/common/cpu_plan.h"
#include "core/common/cpu_features.h"
#include "core/common/error.h"
#include "core/explore/decode_service.h"
#include "core/explore/grids.h"
#include "core/run/model_snapshot.h"
#include "core/train/fused_adam.h"
#include "core/train/trainer.h"

namespace vlae {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
  return v[i];
}

void sync(torch::Device d) {
  if (d.is_cuda()) torch::cuda::synchronize();
}

// Peak square-matrix sgemm rate through the same LibTorch, in GFLOP/s.
double measure_sgemm(torch::Device device) {
  const int64_t n = 1024;
  torch::NoGradGuard no_grad;
  const torch::Tensor a = torch::randn({n, n}, device), b = torch::randn({n, n}, device);
  torch::Tensor c = torch::mm(a, b);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    sync(device);
    const auto t0 = Clock::now();
    for (int i = 0; i < 5; ++i) c = torch::mm(a, b);
    sync(device);
    best = std::max(best, 5 * 2.0 * double(n * n * n) / seconds_since(t0) / 1e9);
  }
  return best;
}

std::shared_ptr<Dataset> random_data(const ModelConfig& m, int n) {
  auto d = std::make_shared<Dataset>();
  d->name = "random";
  d->channels = m.channels;
  d->height = m.height;
  d->width = m.width;
  std::vector<uint8_t> pixels(size_t(n) * d->image_bytes());
  std::mt19937 rng(1);
  for (auto& p : pixels) p = uint8_t(rng() & 0xff);
  d->pixels = std::move(pixels);
  return d;
}

// Latencies (ms) of `count` decode round trips through the service: submit, then wait for the result.
std::vector<double> time_decodes(DecodeService& service, const DecodeRequest& proto, int count, bool vary_code,
                                 const std::vector<int>& dims) {
  std::vector<double> ms;
  std::mt19937_64 rng(7);
  for (int i = 0; i < count; ++i) {
    DecodeRequest req = proto;
    if (vary_code) req.code = prior_code(dims, rng);
    const auto t0 = Clock::now();
    const uint64_t gen = service.submit(0, req);
    auto r = service.wait(0, gen, 60.0);
    if (!r || !r->error.empty()) throw Error("bench: decode failed" + (r ? ": " + r->error : std::string()));
    ms.push_back(seconds_since(t0) * 1000.0);
  }
  return ms;
}

// Images/s of each timed window, after warm-up steps; one host read per window, as logging would.
std::vector<double> time_training(Trainer& trainer, const BenchOptions& o, torch::Device device) {
  for (int i = 0; i < o.warmup_steps; ++i) trainer.step();
  std::vector<double> rates;
  for (int w = 0; w < o.windows; ++w) {
    sync(device);
    const auto t0 = Clock::now();
    StepResult last;
    for (int i = 0; i < o.steps_per_window; ++i) last = trainer.step();
    (void)last.loss.item<float>();
    rates.push_back(double(o.steps_per_window) * o.batch / seconds_since(t0));
  }
  return rates;
}

// A few training steps, then single-image decodes and two 10x10 traversal grids with the headline
// decoder, under LibTorch's profiler: every operator with its time, in the calling thread.
void trace_training_and_decoding(const RunConfig& config, Trainer& trainer, DecodePrecision decoder,
                                 const BenchOptions& o) {
  auto snap = make_snapshot(config, trainer.model(), trainer.step_count(), "", decoder);
  Model model = snap->model;
  std::mt19937_64 rng(3);
  torch::autograd::profiler::RecordProfile profile(o.trace_path);
  for (int i = 0; i < o.trace_steps; ++i) (void)trainer.step().loss.item<float>();
  for (int i = 0; i < 10; ++i) decode_codes(model, {prior_code(config.model.latent_dims, rng)});
  TraverseSpec grid;
  grid.n = 10;
  for (int i = 0; i < 2; ++i) traverse_grid(model, grid);
}

// Milliseconds per update of the model's parameters: FusedAdam against LibTorch's Adam, each on
// its own copy with the same random gradients, alternating so both see the same machine state.
nlohmann::json time_optimizers(Model& model) {
  auto copy_with_grads = [&] {
    std::vector<torch::Tensor> ps;
    torch::manual_seed(5);
    for (const auto& p : model->parameters()) {
      ps.push_back(p.detach().clone().set_requires_grad(true));
      ps.back().mutable_grad() = torch::randn_like(p) * 1e-3;
    }
    return ps;
  };
  auto fused_params = copy_with_grads();
  auto plain_params = copy_with_grads();
  FusedAdam fused(fused_params, torch::optim::AdamOptions(2e-4));
  torch::optim::Adam plain(plain_params, torch::optim::AdamOptions(2e-4));
  std::vector<double> fused_ms, plain_ms;
  for (int rep = 0; rep < 8; ++rep) {
    for (auto [opt, ms] :
         {std::pair<torch::optim::Optimizer*, std::vector<double>*>{&fused, &fused_ms}, {&plain, &plain_ms}}) {
      const auto t0 = Clock::now();
      opt->step();
      if (rep > 0) ms->push_back(seconds_since(t0) * 1000.0);  // the first step allocates the moments
    }
  }
  return {{"fused_adam_ms", percentile(fused_ms, 0.5)}, {"libtorch_adam_ms", percentile(plain_ms, 0.5)}};
}

// The explorer's plan unless --decode-threads is given: every core while nothing trains beside
// the decoder, one while a trainer runs.
int decode_threads(const BenchOptions& o, bool training) {
  if (o.decode_threads > 0) return o.decode_threads;
  return interactive_cpu_plan().decoder_threads(training);
}

struct DecodeTimes {
  std::vector<double> one, grid;  // ms per round trip
};

// One image (a fresh prior code each time) and a 10x10 traversal grid, through a service of its own.
// `threads`: the decoder's intra-op threads, as the explorer chooses them (see decode_threads()).
DecodeTimes time_service(std::shared_ptr<const ModelSnapshot> snap, const BenchOptions& o, const std::vector<int>& dims,
                         int threads) {
  DecodeService service([snap] { return snap; }, [threads] { return threads; });
  DecodeRequest one;
  one.code = zero_code(dims);
  DecodeRequest grid;
  grid.kind = DecodeKind::Traverse;
  grid.traverse.n = 10;
  time_decodes(service, one, 10, true, dims);  // warm-up
  time_decodes(service, grid, 2, false, dims);
  DecodeTimes t;
  t.one = time_decodes(service, one, o.decode_samples, true, dims);
  t.grid = time_decodes(service, grid, std::max(10, o.decode_samples / 10), false, dims);
  return t;
}

// Largest difference of one 8-bit pixel value between two decodes of the same codes.
int max_pixel_difference(const std::vector<Image>& a, const std::vector<Image>& b) {
  int worst = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    for (size_t j = 0; j < std::min(a[i].pixels.size(), b[i].pixels.size()); ++j)
      worst = std::max(worst, std::abs(int(a[i].pixels[j]) - int(b[i].pixels[j])));
  return worst;
}
}  // namespace

nlohmann::json run_benchmark(const BenchOptions& o) {
  if (o.batch < 1) throw usage_error("--batch must be at least 1");
  if (o.threads < 1) throw usage_error("--threads must be at least 1");
  if (o.decode_threads < 0) throw usage_error("--decode-threads must be 0 (as the explorer) or more");
  if (!o.trace_path.empty() && !std::ofstream(o.trace_path))
    throw Error(o.trace_path + ": cannot write the trace file");
  const torch::Device device = resolve_device(o.device);
  RunConfig config = load_preset(o.preset);
  config.train.batch = o.batch;
  const ModelConfig& m = config.model;
  set_compute_threads(o.threads);

  nlohmann::json out{{"preset", config.preset},
                     {"batch", o.batch},
                     {"threads", o.threads},
                     {"decode_threads", decode_threads(o, false)},
                     {"decode_threads_while_training", decode_threads(o, true)},
                     {"device", device.str()}};
  out["blas_threading"] = blas_threading();
  out["blas_core"] = blas_core();  // OpenBLAS's name for its kernels in use ("SkylakeX", "Haswell", ...)
  out["blas_core_picked_by_vlae"] = std::getenv(kBlasCorePickedVariable) != nullptr;
  out["kernel_isa"] = kernel_isa() == KernelIsa::Avx512 ? "avx512"
                      : kernel_isa() == KernelIsa::Avx2 ? "avx2"
                                                        : "baseline";
  out["sgemm_gflops"] = measure_sgemm(device);

  // Training throughput, median of timed windows after warm-up, for both precisions in one run;
  // the headline keys are the preset's precision (or --precision).
  auto data = random_data(m, std::max(o.batch * 4, 256));
  if (!o.precision.empty()) config.train.precision = o.precision;
  validate(config, "bench");
  nlohmann::json by_precision = nlohmann::json::object();
  std::unique_ptr<Trainer> kept;
  double flops_per_image = 0;
  for (const std::string precision : {"fp32", "bf16"}) {
    RunConfig c = config;
    c.train.precision = precision;
    auto trainer = std::make_unique<Trainer>(c, data, device);
    flops_per_image = 3.0 * trainer->model()->forward_flops_per_image();  // forward + backward ~ 3x
    const std::vector<double> rates = time_training(*trainer, o, device);
    const double images_per_s = percentile(rates, 0.5);
    by_precision[precision] = {
        {"train_images_per_s", images_per_s},
        {"achieved_gflops", images_per_s * flops_per_image / 1e9},
        {"fraction_of_sgemm", images_per_s * flops_per_image / 1e9 / out["sgemm_gflops"].get<double>()},
        {"train_window_images_per_s", rates}};
    if (precision == config.train.precision) kept = std::move(trainer);
  }
  const nlohmann::json& train_headline = by_precision[config.train.precision];
  out["train_precision"] = config.train.precision;
  out["train_images_per_s"] = train_headline["train_images_per_s"];
  out["train_window_images_per_s"] = train_headline["train_window_images_per_s"];
  out["flops_per_image"] = flops_per_image;
  out["achieved_gflops"] = train_headline["achieved_gflops"];
  out["fraction_of_sgemm"] = train_headline["fraction_of_sgemm"];
  out["train_by_precision"] = by_precision;
  Trainer& trainer = *kept;
  if (!o.trace_path.empty())
    trace_training_and_decoding(config, trainer, parse_decode_precision(o.decode_precision), o);

  // Decode latency through the DecodeService, from snapshots of the trained weights: the module
  // path and each compiled decoder in one run, so their ratios come from one machine state.
  const DecodePrecision headline = parse_decode_precision(o.decode_precision);
  std::vector<DecodePrecision> kinds{DecodePrecision::Module, DecodePrecision::Float32};
  if (cpu_has_avx512_bf16() || headline == DecodePrecision::BFloat16) kinds.push_back(DecodePrecision::BFloat16);
  std::mt19937_64 code_rng(11);
  std::vector<LatentCode> check_codes;
  for (int i = 0; i < 100; ++i) check_codes.push_back(prior_code(m.latent_dims, code_rng));
  std::vector<Image> reference;
  nlohmann::json by_kind = nlohmann::json::object();
  for (DecodePrecision kind : kinds) {
    auto snap = make_snapshot(config, trainer.model(), trainer.step_count(), "", kind);
    const DecodeTimes t = time_service(snap, o, m.latent_dims, decode_threads(o, false));
    Model decoder = snap->model;
    const std::vector<Image> images = decode_codes(decoder, check_codes);
    if (reference.empty()) reference = images;
    by_kind[to_string(snap->precision)] = {{"decode_one_ms_p50", percentile(t.one, 0.5)},
                                           {"decode_one_ms_p99", percentile(t.one, 0.99)},
                                           {"decode_grid_ms_p50", percentile(t.grid, 0.5)},
                                           {"decode_grid_ms_p99", percentile(t.grid, 0.99)},
                                           {"max_pixel_diff_vs_module", max_pixel_difference(reference, images)}};
  }
  out["decode_by_precision"] = by_kind;

  auto snap = make_snapshot(config, trainer.model(), trainer.step_count(), "", headline);
  out["decode_precision"] = to_string(snap->precision);
  const DecodeTimes idle = time_service(snap, o, m.latent_dims, decode_threads(o, false));
  out["decode_one_ms_p50"] = percentile(idle.one, 0.5);
  out["decode_one_ms_p99"] = percentile(idle.one, 0.99);
  out["decode_grid_ms_p50"] = percentile(idle.grid, 0.5);
  out["decode_grid_ms_p99"] = percentile(idle.grid, 0.99);

  // The same while a trainer runs on its own thread, as in the explorer: on idle CPU time only.
  std::atomic<bool> stop{false};
  std::thread background([&] {
    yield_cores_to_interactive_work(interactive_cpu_plan().trainer_share);
    set_compute_threads(o.threads);
    while (!stop) trainer.step();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const DecodeTimes busy = time_service(snap, o, m.latent_dims, decode_threads(o, true));
  stop = true;
  background.join();
  out["decode_one_ms_p50_while_training"] = percentile(busy.one, 0.5);
  out["decode_one_ms_p99_while_training"] = percentile(busy.one, 0.99);
  out["decode_grid_ms_p50_while_training"] = percentile(busy.grid, 0.5);
  out["decode_grid_ms_p99_while_training"] = percentile(busy.grid, 0.99);

  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  out["peak_rss_mb"] = double(usage.ru_maxrss) / 1024.0;
  // After the memory figure: two optimizers' copies of the weights would inflate it.
  out["optimizer_step"] = time_optimizers(trainer.model());
  return out;
}

}  // namespace vlae
