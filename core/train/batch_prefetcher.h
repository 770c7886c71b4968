#pragma once
// Training never waits on gathering and converting a batch: a background thread computes the
// batches of the next steps while the current one trains. Batches are functions of (seed, step)
// (BatchSampler), so prefetching changes no result; asking for a step out of sequence (a resume,
// a retried non-finite step) restarts the thread at that step.
#include <torch/torch.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace vlae {

class BatchPrefetcher {
 public:
  using MakeBatch = std::function<torch::Tensor(int64_t step)>;
  // `make` must be a pure function of the step (e.g. BatchSampler::batch_for_step); it runs on
  // the loader thread only. depth: batches computed ahead (a bounded queue); 0 computes each
  // batch on the caller's thread.
  BatchPrefetcher(MakeBatch make, int depth);
  ~BatchPrefetcher();  // stops and joins the thread
  BatchPrefetcher(const BatchPrefetcher&) = delete;
  BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

  // make(step). An exception on the loader thread is rethrown here, on the caller's.
  torch::Tensor batch_for_step(int64_t step);
  int depth() const { return depth_; }

 private:
  void start(int64_t first_step);
  void stop();
  void produce();

  MakeBatch make_;
  const int depth_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<int64_t, torch::Tensor>> ready_;
  std::exception_ptr error_;
  int64_t next_to_make_ = 0, next_expected_ = -1;
  bool stopping_ = false;
};

}  // namespace vlae
