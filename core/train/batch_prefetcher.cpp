#include "core/train/batch_prefetcher.h"

namespace vlae {

BatchPrefetcher::BatchPrefetcher(MakeBatch make, int depth) : make_(std::move(make)), depth_(depth) {}

BatchPrefetcher::~BatchPrefetcher() { stop(); }

void BatchPrefetcher::start(int64_t first_step) {
  ready_.clear();
  error_ = nullptr;
  stopping_ = false;
  next_to_make_ = first_step;
  next_expected_ = first_step;
  thread_ = std::thread([this] { produce(); });
}

void BatchPrefetcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  next_expected_ = -1;
}

void BatchPrefetcher::produce() {
  for (;;) {
    int64_t step;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || int(ready_.size()) < depth_; });
      if (stopping_) return;
      step = next_to_make_++;
    }
    try {
      torch::Tensor batch = make_(step);
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.emplace_back(step, std::move(batch));
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
      changed_.notify_all();
      return;
    }
    changed_.notify_all();
  }
}

torch::Tensor BatchPrefetcher::batch_for_step(int64_t step) {
  if (depth_ <= 0) return make_(step);
  if (step != next_expected_) {
    stop();
    start(step);
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !ready_.empty() || error_; });
  if (ready_.empty()) {
    const std::exception_ptr error = error_;
    lock.unlock();
    stop();  // the next call starts afresh
    std::rethrow_exception(error);
  }
  torch::Tensor batch = std::move(ready_.front().second);
  ready_.pop_front();
  ++next_expected_;
  lock.unlock();
  changed_.notify_all();
  return batch;
}

}  // namespace vlae
