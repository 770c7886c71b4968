#pragma once
// The standard disentanglement metrics on codes (posterior means) of images whose discrete factors
// are known: MIG, SAP and DCI, plus which latent layer holds each factor. Torch-free and
// deterministic (a seeded train/test split). docs/disentanglement-metrics.md says what each means.
//
// The choices, following the papers and disentanglement_lib (Locatello et al. 2019) where it fixes
// one:
//   MIG (Chen et al. 2018): each code dim is cut into `mig_bins` equal-width bins over its range
//     (disentanglement_lib's histogram discretiser, 20 bins); I(z_j; v_k) comes from the joint
//     histogram, in nats; MIG = mean over factors of (largest - second largest I) / H(v_k). All
//     samples are used (nothing is fitted).
//   SAP (Kumar et al. 2018), discrete factors: score(j, k) = held-out accuracy of a one-dim classifier
//     that predicts factor k from dim j alone by the nearest class mean (fit on the train part: a
//     threshold classifier whose thresholds sit halfway between neighbouring class means; a constant
//     dim predicts the most frequent class). SAP = mean over factors of (best - second best score).
//   DCI (Eastwood & Williams 2018): per factor, a lasso on the standardised codes (train part's mean
//     and std) predicts the standardised factor index: min (1/2n)|y - Xw|^2 + alpha |w|_1 by cyclic
//     coordinate descent (to a change below 1e-9 or 10,000 sweeps). alpha = 1e-4 keeps weights at
//     the noise level: zeroing them makes random codes look disentangled (pure-noise codes score
//     D = 0.14 for 5 factors at alpha 1e-4, 0.18 at 1e-3, 0.6 at 1e-2). Importance R(j, k) = |w_j|.
//     Disentanglement = sum_j rho_j (1 - H_K(P_j.)), P_jk = R_jk / sum_k R_jk, rho_j = sum_k R_jk /
//     sum R; completeness = sum_k (sum_j R_jk / sum R) (1 - H_D(P_.k)) with P over dims (weighted by
//     factor importance as in disentanglement_lib); entropies in base K or D (a single factor or dim
//     counts as fully disentangled or complete). Informativeness = mean held-out accuracy of the
//     nearest class mean along each factor's lasso prediction.
//   factor_layers: the share of each factor's importance R(., k) in each layer's dims, and the layer
//     (1-based) with the largest share.
//
// Degenerate inputs. usage_error: no factors or layers, sizes that disagree, fewer than
// kMinDisentanglementSamples samples, non-finite codes, options out of range. Scored, not refused:
// a constant dim carries no information (zero MI, zero importance, majority-class SAP score); a
// factor with a single level is left out of every mean (its factor_layers row has zero shares and
// layer 0, as has a factor that no dim predicts); with no factor of two levels every metric is 0.
// Factor values may be any integers; only their order matters (the lasso regresses on the rank).
// Every figure is clamped to [0, 1] and is never NaN.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vlae {

constexpr int kMinDisentanglementSamples = 10;

struct DisentanglementOptions {
  uint64_t seed = 0x646973656e743031ULL;  // the train/test split's shuffle
  double train_share = 0.8;               // the rest is the held-out part SAP and DCI are scored on
  int mig_bins = 20;
  double lasso_alpha = 1e-4;
};

struct FactorLayers {
  std::string factor;
  std::vector<double> share;  // per layer, bottom -> top; sums to 1 (or all 0)
  int layer = 0;              // 1-based layer with the largest share; 0 when nothing predicts the factor
};

struct DciScores {
  double disentanglement = 0, completeness = 0, informativeness = 0;
};

struct DisentanglementReport {
  double mig = 0, sap = 0;
  DciScores dci;
  std::vector<FactorLayers> factor_layers;
  int samples_train = 0, samples_test = 0;
};

// codes: N x D row-major posterior means, D = sum of layer_dims (dims per layer, bottom -> top);
// factors: N x K row-major factor values, K = factor_names.size().
DisentanglementReport measure_disentanglement(const std::vector<float>& codes, const std::vector<int64_t>& factors,
                                              const std::vector<std::string>& factor_names,
                                              const std::vector<int>& layer_dims,
                                              const DisentanglementOptions& options = {});

// {"mig", "sap", "dci": {"disentanglement", "completeness", "informativeness"},
//  "factor_layers": [{"factor", "share": [...], "layer"}], "samples_train", "samples_test"}
nlohmann::json to_json(const DisentanglementReport& report);
// Missing keys read as 0 / empty; a value of the wrong type is a vlae::Error.
DisentanglementReport disentanglement_from_json(const nlohmann::json& j);

}  // namespace vlae
