#include "core/explore/report_job.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "core/common/error.h"
#include "core/explore/measure_hierarchy.h"
#include "core/run/model_snapshot.h"

namespace vlae {

struct ReportJob::Impl {
  std::optional<CpuShare> background;
  mutable std::mutex mutex;
  bool running = false;
  std::optional<ReportOutcome> outcome;
  std::thread thread;
};

ReportJob::ReportJob(std::optional<CpuShare> background) : impl_(std::make_unique<Impl>()) {
  impl_->background = background;
}

ReportJob::~ReportJob() {
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool ReportJob::start(std::shared_ptr<const ModelSnapshot> snapshot, std::shared_ptr<const Dataset> train,
                      std::shared_ptr<const Dataset> heldout, const ReportOptions& options) {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->running) return false;
    impl_->running = true;
    impl_->outcome.reset();
  }
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->thread = std::thread([this, snapshot, train, heldout, options] {
    if (impl_->background) yield_cores_to_interactive_work(*impl_->background);
    ReportOutcome out;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      if (!snapshot) throw Error("no model to measure yet");
      if (!train || !heldout) throw Error("the report needs the run's data set, which is not loaded");
      // A copy of the weights: the decoder thread keeps using the snapshot meanwhile.
      Model model = private_copy(*snapshot)->model;
      out.report = measure_hierarchy(model, *train, *heldout, options);
      out.report.run = snapshot->checkpoint;
      out.report.model = snapshot->config.model.model;
      out.report.data = snapshot->config.data;
      out.report.step = snapshot->step;
    } catch (const c10::Error& e) {
      out.error = e.what_without_backtrace();
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->outcome = std::move(out);
    impl_->running = false;
  });
  return true;
}

bool ReportJob::running() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->running;
}

std::optional<ReportOutcome> ReportJob::take() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::optional<ReportOutcome> out = std::move(impl_->outcome);
  impl_->outcome.reset();
  return out;
}

}  // namespace vlae
