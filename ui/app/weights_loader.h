#pragma once
// Weights loaded from a checkpoint on a worker thread, for the timeline and the compare view: the
// UI never waits for a file, and when loads overlap the latest request wins. UI thread only,
// except weights(), which a decoder's thread reads.
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vlae {
struct ModelSnapshot;
}

namespace vlae::ui {

class WeightsLoader {
 public:
  ~WeightsLoader();  // waits for loads in flight (their files are being read)

  // Starts loading a run folder or checkpoint; any earlier request no longer counts.
  void load(const std::string& path);
  // No weights, and no load in flight counts any more.
  void clear();
  bool loading() const;
  // Adopts the latest request's weights once loaded: true when new weights were adopted. When it
  // failed, `error` says why (one line naming the file).
  bool poll(std::string& error);
  // The adopted weights, or null. Any thread.
  std::shared_ptr<const ModelSnapshot> weights() const;

 private:
  struct Load {
    uint64_t ticket = 0;
    std::future<std::shared_ptr<const ModelSnapshot>> weights;
  };
  uint64_t latest_ = 0;
  std::vector<Load> loads_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ModelSnapshot> weights_;
};

}  // namespace vlae::ui
