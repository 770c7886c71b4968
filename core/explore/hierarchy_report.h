#pragma once
// The hierarchy report: which latent layer carries how much of the model's variation and which
// information (docs/hierarchy.md). Torch-free so the GUI can show it; measure_hierarchy.h computes it.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/explore/disentanglement.h"

namespace vlae {

struct LayerReport {
  int layer = 0;  // 1-based, bottom -> top
  int dims = 0;
  double variation = 0;        // mean per-pixel variance when only this layer is resampled
  double variation_share = 0;  // variation / sum over layers
  double knn_accuracy = -1;    // label probes on posterior means; -1 when the data has no labels
  double logreg_accuracy = -1;
  double kl_nats = 0;                         // KL term per image on held-out data
  int active_units = 0;                       // dims whose posterior mean varies across the data (var > 0.01)
  std::vector<double> kl_per_dim;             // kl_nats split by dim
  std::vector<double> mean_variance_per_dim;  // of the posterior mean across the data: active when > 0.01
};

// For data with known factors (the `shapes` set): k-NN accuracy of each layer per factor.
struct FactorReport {
  std::string factor;
  std::vector<double> knn_accuracy;  // per layer, bottom -> top
  int best_layer = 0;                // 1-based
};

struct HierarchyReport {
  std::string run, model, data;
  int64_t step = 0;
  int probe_train = 0, probe_test = 0;  // images behind the probes (train part / held-out part)
  int variation_bases = 0, variation_resamples = 0;
  std::vector<LayerReport> layers;
  std::vector<FactorReport> factors;
  // MIG, SAP and DCI on the posterior means of all layers together, when the data has factors.
  bool has_disentanglement = false;
  DisentanglementReport disentanglement;
  // Held-out likelihood (heldout_likelihood.h) on the probe_test images; iw_samples 0: not measured.
  int iw_samples = 0, nll_images = 0;
  double nll_nats = 0, bits_per_dim = 0;
};

struct ReportOptions {
  int bases = 32;          // base codes for the variation share
  int resamples = 16;      // draws of the varied layer per base code
  int probe_train = 2000;  // training-split images the probes are fit on (a seeded random subset)
  int probe_test = 1000;   // held-out images the probes are scored on, and KL / active units use
  int knn_k = 5;
  int metric_samples = 10000;  // held-out images behind MIG / SAP / DCI (factor data only; 0: none)
  int iw_samples = 32;         // K of the held-out likelihood bound (0: not measured)
  uint64_t seed = 0;
};

// `o` with the likelihood bound left out: for reports measured again and again (while a run trains,
// in the time-to-hierarchy benchmark), where K forward passes per image would multiply the cost.
inline ReportOptions without_likelihood(ReportOptions o) {
  o.iw_samples = 0;
  return o;
}

nlohmann::json to_json(const HierarchyReport& report);
HierarchyReport hierarchy_report_from_json(const nlohmann::json& j);
// A fixed-width table for terminals and the README.
std::string format_table(const HierarchyReport& report);

}  // namespace vlae
