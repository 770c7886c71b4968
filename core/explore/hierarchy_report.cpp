#include "core/explore/hierarchy_report.h"

#include <cstdio>

namespace vlae {

using nlohmann::json;

json to_json(const HierarchyReport& r) {
  json layers = json::array();
  for (const LayerReport& l : r.layers)
    layers.push_back({{"layer", l.layer},
                      {"dims", l.dims},
                      {"variation", l.variation},
                      {"variation_share", l.variation_share},
                      {"knn_accuracy", l.knn_accuracy},
                      {"logreg_accuracy", l.logreg_accuracy},
                      {"kl_nats", l.kl_nats},
                      {"active_units", l.active_units},
                      {"kl_per_dim", l.kl_per_dim},
                      {"mean_variance_per_dim", l.mean_variance_per_dim}});
  json factors = json::array();
  for (const FactorReport& f : r.factors)
    factors.push_back({{"factor", f.factor}, {"knn_accuracy", f.knn_accuracy}, {"best_layer", f.best_layer}});
  json j = {{"run", r.run},
            {"model", r.model},
            {"data", r.data},
            {"step", r.step},
            {"probe_train", r.probe_train},
            {"probe_test", r.probe_test},
            {"variation_bases", r.variation_bases},
            {"variation_resamples", r.variation_resamples},
            {"layers", layers},
            {"factors", factors}};
  if (r.has_disentanglement) j["disentanglement"] = to_json(r.disentanglement);
  if (r.iw_samples > 0) {
    j["nll_nats"] = r.nll_nats;
    j["bits_per_dim"] = r.bits_per_dim;
    j["iw_samples"] = r.iw_samples;
    j["nll_images"] = r.nll_images;
  }
  return j;
}

HierarchyReport hierarchy_report_from_json(const json& j) {
  HierarchyReport r;
  r.run = j.value("run", "");
  r.model = j.value("model", "");
  r.data = j.value("data", "");
  r.step = j.value("step", int64_t(0));
  r.probe_train = j.value("probe_train", 0);
  r.probe_test = j.value("probe_test", 0);
  r.variation_bases = j.value("variation_bases", 0);
  r.variation_resamples = j.value("variation_resamples", 0);
  for (const json& l : j.value("layers", json::array()))
    r.layers.push_back({l.value("layer", 0), l.value("dims", 0), l.value("variation", 0.0),
                        l.value("variation_share", 0.0), l.value("knn_accuracy", -1.0),
                        l.value("logreg_accuracy", -1.0), l.value("kl_nats", 0.0), l.value("active_units", 0),
                        l.value("kl_per_dim", std::vector<double>{}),
                        l.value("mean_variance_per_dim", std::vector<double>{})});
  if (j.contains("nll_nats")) {
    r.nll_nats = j.value("nll_nats", 0.0);
    r.bits_per_dim = j.value("bits_per_dim", 0.0);
    r.iw_samples = j.value("iw_samples", 0);
    r.nll_images = j.value("nll_images", 0);
  }
  for (const json& f : j.value("factors", json::array()))
    r.factors.push_back(
        {f.value("factor", ""), f.value("knn_accuracy", std::vector<double>{}), f.value("best_layer", 0)});
  if (j.contains("disentanglement")) {
    r.has_disentanglement = true;
    r.disentanglement = disentanglement_from_json(j["disentanglement"]);
  }
  return r;
}

namespace {
std::string percent_or_dash(double v) {
  if (v < 0) return "     -";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f%%", 100.0 * v);
  return buf;
}
}  // namespace

std::string format_table(const HierarchyReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%s (%s, step %lld) on %s: probes fit on %d, scored on %d held-out images\n",
                r.run.c_str(), r.model.c_str(), (long long)r.step, r.data.c_str(), r.probe_train, r.probe_test);
  out += line;
  out += "layer  dims  variation share   k-NN acc  logreg acc   KL (nats)  active units\n";
  for (const LayerReport& l : r.layers) {
    std::snprintf(line, sizeof line, "%5d  %4d  %15.3f   %s      %s  %10.2f  %12d\n", l.layer, l.dims,
                  l.variation_share, percent_or_dash(l.knn_accuracy).c_str(),
                  percent_or_dash(l.logreg_accuracy).c_str(), l.kl_nats, l.active_units);
    out += line;
  }
  if (r.iw_samples > 0) {
    std::snprintf(line, sizeof line,
                  "held-out NLL: %.2f nats per image (%.4f bits/dim), IWAE bound with K = %d on %d images\n",
                  r.nll_nats, r.bits_per_dim, r.iw_samples, r.nll_images);
    out += line;
  }
  if (!r.factors.empty()) {
    out += "\nfactor        k-NN accuracy per layer (bottom -> top)   best layer\n";
    for (const FactorReport& f : r.factors) {
      std::snprintf(line, sizeof line, "%-12s ", f.factor.c_str());
      out += line;
      for (double a : f.knn_accuracy) out += " " + percent_or_dash(a);
      std::snprintf(line, sizeof line, "   %d\n", f.best_layer);
      out += line;
    }
  }
  return out;
}

}  // namespace vlae
