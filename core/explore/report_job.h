#pragma once
// Measures the hierarchy report of the newest weights on a thread of its own, so the explorer
// keeps drawing (and the decoder keeps answering sliders) during the seconds it takes.
// Torch-free header for the UI.
#include <memory>
#include <optional>
#include <string>

#include "core/common/compute_threads.h"
#include "core/data/dataset.h"
#include "core/explore/decode_service.h"
#include "core/explore/hierarchy_report.h"

namespace vlae {

struct ReportOutcome {
  HierarchyReport report;  // valid when error is empty
  std::string error;
  double seconds = 0;
};

class ReportJob {
 public:
  // `background`: measure on idle time (or at nice 10) like a trainer, not beside the user's frames.
  explicit ReportJob(std::optional<CpuShare> background = std::nullopt);
  ~ReportJob();  // waits for a running measurement

  // Starts on a private copy of the snapshot's weights; false while one is still running.
  bool start(std::shared_ptr<const ModelSnapshot> snapshot, std::shared_ptr<const Dataset> train,
             std::shared_ptr<const Dataset> heldout, const ReportOptions& options);
  bool running() const;
  // The finished outcome, once.
  std::optional<ReportOutcome> take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vlae
