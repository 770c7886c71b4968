#pragma once
// Computes the hierarchy report of a model on a data set (docs/hierarchy.md):
// - variation share: resample one layer from the prior with the others fixed, take the per-pixel
//   variance of the decodes, average it over pixels and base codes, normalise over layers;
// - label probes (k-NN, logistic regression) from each layer's posterior means, fit on part of the
//   training split and scored on the held-out split; per known factor where the data has them;
// - KL per layer in nats on held-out data; active units (posterior-mean variance above 0.01).
#include <vector>

#include "core/data/dataset.h"
#include "core/explore/hierarchy_report.h"
#include "core/model/latent_model.h"

namespace vlae {

// Raw variation of each layer, bottom -> top (pixels in [0, 1] units).
std::vector<double> layer_variation(Model& model, int bases, int resamples, uint64_t seed);

// Posterior means of the given images, one [N, d_l] tensor per layer (eval mode, no grad).
std::vector<torch::Tensor> posterior_means(Model& model, const Dataset& data, const std::vector<int64_t>& indices);

// Everything but run, model name, data name and step, which the caller knows.
HierarchyReport measure_hierarchy(Model& model, const Dataset& train, const Dataset& heldout,
                                  const ReportOptions& options);

}  // namespace vlae
