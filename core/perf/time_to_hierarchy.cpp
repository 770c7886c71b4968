#include "core/perf/time_to_hierarchy.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/common/blas_core.h"
#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/data/registry.h"
#include "core/explore/hierarchy_history.h"
#include "core/explore/measure_hierarchy.h"
#include "core/model/config.h"
#include "core/run/model_snapshot.h"
#include "core/train/trainer.h"

namespace vlae {

using nlohmann::json;

json time_to_hierarchy(const TimeToHierarchyOptions& o) {
  if (o.threads < 1) throw usage_error("--threads must be at least 1");
  if (o.every < 1) throw usage_error("--every must be at least 1");
  if (!(o.max_seconds > 0)) throw usage_error("--max-seconds must be more than 0");
  set_compute_threads(o.threads);
  RunConfig config = load_preset(o.preset);
  if (o.seed >= 0) config.train.seed = uint64_t(o.seed);
  const ModelConfig& m = config.model;
  const std::string data_dir = o.data_dir.empty() ? default_data_dir() : o.data_dir;
  DataSplit split = load_data(config.data, data_dir, ImageShape{m.channels, m.height, m.width});
  auto train = std::make_shared<const Dataset>(std::move(split.train));
  const Dataset heldout = std::move(split.heldout);
  Trainer trainer(config, train, torch::kCPU);

  using Clock = std::chrono::steady_clock;
  double trained_s = 0, measuring_s = 0;
  json measurements = json::array();
  json seconds_to = nullptr, steps_to = nullptr;
  while (trained_s < o.max_seconds) {
    const auto t0 = Clock::now();
    for (int i = 0; i < o.every; ++i) trainer.step().loss.item<double>();
    trained_s += std::chrono::duration<double>(Clock::now() - t0).count();
    const auto m0 = Clock::now();
    // A copy in eval mode, as the explorer measures a snapshot: training mode stays untouched.
    auto snapshot = make_snapshot(config, trainer.model(), trainer.step_count(), "");
    Model model = snapshot->model;
    HierarchyReport r = measure_hierarchy(model, *train, heldout, o.report);
    r.step = trainer.step_count();
    measuring_s += std::chrono::duration<double>(Clock::now() - m0).count();
    double largest_share = 0;
    for (const LayerReport& l : r.layers) largest_share = std::max(largest_share, l.variation_share);
    const bool holds = shows_label_hierarchy(r);
    measurements.push_back({{"step", r.step},
                            {"seconds", trained_s},
                            {"bottom_knn", r.layers.front().knn_accuracy},
                            {"top_knn", r.layers.back().knn_accuracy},
                            {"largest_variation_share", largest_share},
                            {"holds", holds}});
    std::fprintf(stderr, "step %6lld  %6.1f s  k-NN bottom %.3f top %.3f  largest share %.2f%s\n", (long long)r.step,
                 trained_s, r.layers.front().knn_accuracy, r.layers.back().knn_accuracy, largest_share,
                 holds ? "  holds" : "");
    if (holds) {
      seconds_to = trained_s;
      steps_to = r.step;
      break;
    }
  }
  return {{"preset", config.preset},
          {"data", config.data},
          {"seed", config.train.seed},
          {"threads", o.threads},
          {"every", o.every},
          {"max_seconds", o.max_seconds},
          {"blas_core", blas_core()},
          {"criterion", "top-layer k-NN >= 0.55, bottom-layer k-NN <= 0.35, no layer above 0.6 of the variation share"},
          {"seconds_to_hierarchy", seconds_to},
          {"steps_to_hierarchy", steps_to},
          {"training_seconds", trained_s},
          {"images_per_s", trained_s > 0 ? double(trainer.step_count()) * config.train.batch / trained_s : 0.0},
          {"measuring_seconds", measuring_s},
          {"measurements", measurements}};
}

}  // namespace vlae
