#include "ui/app/weights_loader.h"

#include <chrono>

#include "core/run/snapshot_info.h"
#include "ui/app/messages.h"

namespace vlae::ui {

WeightsLoader::~WeightsLoader() {
  for (Load& l : loads_)
    if (l.weights.valid()) l.weights.wait();
}

void WeightsLoader::load(const std::string& path) {
  loads_.push_back({++latest_, std::async(std::launch::async, [path] { return snapshot_from_checkpoint(path); })});
}

void WeightsLoader::clear() {
  ++latest_;  // loads in flight answer a request that no longer exists
  std::lock_guard<std::mutex> lock(mutex_);
  weights_.reset();
}

bool WeightsLoader::loading() const {
  for (const Load& l : loads_)
    if (l.ticket == latest_) return true;
  return false;
}

bool WeightsLoader::poll(std::string& error) {
  bool adopted = false;
  for (auto it = loads_.begin(); it != loads_.end();) {
    if (it->weights.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++it;
      continue;
    }
    const bool latest = it->ticket == latest_;
    try {
      auto weights = it->weights.get();
      if (latest) {
        std::lock_guard<std::mutex> lock(mutex_);
        weights_ = std::move(weights);
        adopted = true;
      }
    } catch (const std::exception& e) {
      if (latest) error = one_line(e.what());
    }
    it = loads_.erase(it);
  }
  return adopted;
}

std::shared_ptr<const ModelSnapshot> WeightsLoader::weights() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return weights_;
}

}  // namespace vlae::ui
