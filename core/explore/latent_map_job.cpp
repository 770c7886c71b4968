#include "core/explore/latent_map_job.h"

#include "core/common/compute_threads.h"
#include "core/common/exception_text.h"
#include "core/common/latest_worker.h"
#include "core/explore/posterior_codes.h"
#include "core/run/model_snapshot.h"

namespace vlae {

namespace {

struct Request {
  std::shared_ptr<const ModelSnapshot> snapshot;
  std::shared_ptr<const Dataset> data;
  size_t max_images = 0;
};

LatentMap encode(const Request& r) {
  LatentMap map;
  try {
    map.step = r.snapshot->step;
    // A copy of the weights: the decoder keeps using the snapshot meanwhile.
    Model model = private_copy(*r.snapshot)->model;
    const size_t n = std::min(r.max_images, r.data->size());
    std::vector<int64_t> idx;
    for (size_t i = 0; i < n; ++i) idx.push_back(int64_t(i));
    PosteriorCodes codes = encode_posteriors(model, *r.data, idx, "test");
    map.indices = std::move(idx);
    map.means = std::move(codes.means);
    map.sds = std::move(codes.sds);
    map.labels = std::move(codes.labels);
    map.factor_names = std::move(codes.factor_names);
    map.factors = std::move(codes.factors);
  } catch (const std::exception& e) {
    map.error = first_line(e);
  }
  return map;
}

}  // namespace

struct LatentMapJob::Impl {
  explicit Impl(CpuShare share)
      // Background work like the explorer's trainer: a frame or a slider's decode preempts it.
      : worker(encode, [share] { yield_cores_to_interactive_work(share); }) {}
  LatestWorker<Request, LatentMap> worker;
};

LatentMapJob::LatentMapJob(CpuShare share) : impl_(std::make_unique<Impl>(share)) {}
LatentMapJob::~LatentMapJob() = default;

void LatentMapJob::request(std::shared_ptr<const ModelSnapshot> snapshot, std::shared_ptr<const Dataset> data,
                           size_t max_images) {
  if (!snapshot || !data) return;
  impl_->worker.request(Request{std::move(snapshot), std::move(data), max_images});
}

std::optional<LatentMap> LatentMapJob::take() { return impl_->worker.take(); }
bool LatentMapJob::busy() const { return impl_->worker.busy(); }

}  // namespace vlae
