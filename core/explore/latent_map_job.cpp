#include "core/explore/latent_map_job.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/common/compute_threads.h"
#include "core/common/exception_text.h"
#include "core/explore/posterior_codes.h"
#include "core/run/model_snapshot.h"

namespace vlae {

struct LatentMapJob::Impl {
  CpuShare share = CpuShare::IdleOnly;
  struct Request {
    std::shared_ptr<const ModelSnapshot> snapshot;
    std::shared_ptr<const Dataset> data;
    size_t max_images = 0;
  };
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::optional<Request> waiting;
  std::optional<LatentMap> done;
  bool working = false, quit = false;
  std::thread thread;

  static LatentMap encode(const Request& r) {
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
      map.labels = std::move(codes.labels);
      map.factor_names = std::move(codes.factor_names);
      map.factors = std::move(codes.factors);
    } catch (const std::exception& e) {
      map.error = first_line(e);
    }
    return map;
  }

  void loop() {
    // Background work like the explorer's trainer: a frame or a slider's decode preempts it.
    yield_cores_to_interactive_work(share);
    for (;;) {
      Request r;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return quit || waiting.has_value(); });
        if (quit) return;
        r = std::move(*waiting);
        waiting.reset();
        working = true;
      }
      LatentMap map = encode(r);
      std::lock_guard<std::mutex> lock(mutex);
      done = std::move(map);
      working = false;
    }
  }
};

LatentMapJob::LatentMapJob(CpuShare share) : impl_(std::make_unique<Impl>()) {
  impl_->share = share;
  impl_->thread = std::thread([this] { impl_->loop(); });
}

LatentMapJob::~LatentMapJob() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->quit = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

void LatentMapJob::request(std::shared_ptr<const ModelSnapshot> snapshot, std::shared_ptr<const Dataset> data,
                           size_t max_images) {
  if (!snapshot || !data) return;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->waiting = Impl::Request{std::move(snapshot), std::move(data), max_images};
  }
  impl_->wake.notify_all();
}

std::optional<LatentMap> LatentMapJob::take() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::optional<LatentMap> out = std::move(impl_->done);
  impl_->done.reset();
  return out;
}

bool LatentMapJob::busy() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->working || impl_->waiting.has_value();
}

}  // namespace vlae
