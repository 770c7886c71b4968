#pragma once
// A thread of its own that answers only the newest request: one asked while another runs replaces
// any still waiting, so a user who keeps moving a slider waits for at most one stale answer.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace vlae {

template <class Request, class Result>
class LatestWorker {
 public:
  // `start` runs once on the new thread (e.g. to lower its priority); `work` answers a request.
  LatestWorker(std::function<Result(const Request&)> work, std::function<void()> start = {})
      : work_(std::move(work)), thread_([this, start] {
          if (start) start();
          loop();
        }) {}
  ~LatestWorker() {  // waits for the request in flight
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  LatestWorker(const LatestWorker&) = delete;
  LatestWorker& operator=(const LatestWorker&) = delete;

  void request(Request r) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      waiting_ = std::move(r);
    }
    wake_.notify_all();
  }
  // The newest finished result, once.
  std::optional<Result> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<Result> out = std::move(done_);
    done_.reset();
    return out;
  }
  bool busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return working_ || waiting_.has_value();
  }

 private:
  void loop() {
    for (;;) {
      Request r;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || waiting_.has_value(); });
        if (quit_) return;
        r = std::move(*waiting_);
        waiting_.reset();
        working_ = true;
      }
      Result result = work_(r);
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = std::move(result);
      working_ = false;
    }
  }

  std::function<Result(const Request&)> work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Request> waiting_;
  std::optional<Result> done_;
  bool working_ = false, quit_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace vlae
