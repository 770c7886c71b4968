#pragma once
// `vlae bench --time-to-hierarchy`: trains a preset from scratch and measures the hierarchy report
// every K steps until the paper's MNIST hierarchy holds (shows_label_hierarchy) or the training
// time runs out. The clock counts training only: it stops while a measurement runs.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/explore/hierarchy_report.h"

namespace vlae {

struct TimeToHierarchyOptions {
  std::string preset = "mnist-quick";
  std::string data_dir;  // empty: default_data_dir()
  int threads = 2;
  int every = 50;            // steps between measurements
  double max_seconds = 600;  // of training
  int64_t seed = -1;         // -1: the preset's
  // As `vlae report`'s defaults, less the likelihood: the criterion does not use it.
  ReportOptions report = without_likelihood(ReportOptions{});
};

// JSON: seconds_to_hierarchy and steps_to_hierarchy (null when it did not hold in time) and every
// measurement's step, seconds and figures.
nlohmann::json time_to_hierarchy(const TimeToHierarchyOptions& options);

}  // namespace vlae
