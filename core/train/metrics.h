#pragma once
// One logged training record: plain numbers, shared by metrics.jsonl, the CLI and the GUI.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace vlae {

struct MetricsRecord {
  int64_t step = 0;
  double loss = 0, recon = 0;
  std::vector<double> kl;  // nats per layer, bottom -> top
  double beta = 0, lr = 0;
  double images_per_s = 0;
  double wall_s = 0;  // training wall time since the run began, across resumes
};

nlohmann::json to_json(const MetricsRecord& r);
MetricsRecord metrics_from_json(const nlohmann::json& j);

// metrics.jsonl helpers: reading skips a torn last line (a crash mid-append) rather than failing.
std::vector<MetricsRecord> read_metrics_file(const std::string& path);
void append_metrics_line(const std::string& path, const MetricsRecord& r);
// Drops records after `step` (resume continues from the checkpoint, not from the last log line).
void truncate_metrics_after(const std::string& path, int64_t step);

}  // namespace vlae
