#include "core/train/metrics.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/json_lines.h"

namespace vlae {
using nlohmann::json;

json to_json(const MetricsRecord& r) {
  return json{{"step", r.step},
              {"loss", r.loss},
              {"recon", r.recon},
              {"kl", r.kl},
              {"beta", r.beta},
              {"lr", r.lr},
              {"images_per_s", r.images_per_s},
              {"wall_s", r.wall_s}};
}

MetricsRecord metrics_from_json(const json& j) {
  MetricsRecord r;
  r.step = j.at("step").get<int64_t>();
  r.loss = j.at("loss").get<double>();
  r.recon = j.at("recon").get<double>();
  r.kl = j.at("kl").get<std::vector<double>>();
  r.beta = j.value("beta", 0.0);
  r.lr = j.value("lr", 0.0);
  r.images_per_s = j.value("images_per_s", 0.0);
  r.wall_s = j.value("wall_s", 0.0);
  return r;
}

std::vector<MetricsRecord> read_metrics_file(const std::string& path) {
  std::vector<MetricsRecord> out;
  for_each_json_line(path, [&](const json& j) { out.push_back(metrics_from_json(j)); });
  return out;
}

void append_metrics_line(const std::string& path, const MetricsRecord& r) {
  append_json_line(path, to_json(r), "metrics");
}

void truncate_metrics_after(const std::string& path, int64_t step) {
  std::ifstream in(path);
  if (!in) return;
  std::string kept, line;
  while (std::getline(in, line)) {
    try {
      if (json::parse(line).at("step").get<int64_t>() <= step) kept += line + "\n";
    } catch (const std::exception&) {
    }
  }
  in.close();
  write_file_atomic(path, kept);
}

}  // namespace vlae
