#include "core/explore/posterior_table.h"

#include <cstdio>

namespace vlae {

using nlohmann::json;

namespace {
// A name as one CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

std::string to_csv(const PosteriorCodes& c) {
  std::string out = "image";
  if (!c.labels.empty()) out += ",label";
  for (const std::string& f : c.factor_names) out += "," + f;
  for (const char* suffix : {"", "_sd"})
    for (size_t l = 0; l < c.dims.size(); ++l)
      for (int d = 0; d < c.dims[l]; ++d) out += ",z" + std::to_string(l + 1) + "_" + std::to_string(d + 1) + suffix;
  out += "\n";
  char buf[32];
  for (size_t i = 0; i < c.names.size(); ++i) {
    out += csv_field(c.names[i]);
    if (!c.labels.empty()) out += "," + std::to_string(c.labels[i]);
    if (!c.factors.empty())
      for (int64_t f : c.factors[i]) out += "," + std::to_string(f);
    for (const LatentCode* code : {&c.means[i], &c.sds[i]})
      for (const auto& layer : *code)
        for (float v : layer) {
          std::snprintf(buf, sizeof buf, ",%.7g", double(v));
          out += buf;
        }
    out += "\n";
  }
  return out;
}

json to_json(const PosteriorCodes& c) {
  json images = json::array();
  for (size_t i = 0; i < c.names.size(); ++i) {
    json row{{"image", c.names[i]}, {"mean", c.means[i]}, {"sd", c.sds[i]}};
    if (!c.labels.empty()) row["label"] = c.labels[i];
    if (!c.factors.empty())
      for (size_t k = 0; k < c.factor_names.size(); ++k) row[c.factor_names[k]] = c.factors[i][k];
    images.push_back(std::move(row));
  }
  return {{"latent_dims", c.dims}, {"factor_names", c.factor_names}, {"images", images}};
}

}  // namespace vlae
