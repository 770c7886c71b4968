#include "core/explore/nearest_images.h"

#include <algorithm>
#include <cmath>

#include "core/common/latest_worker.h"

namespace vlae {

Neighbours nearest_images(const Dataset& data, const Image& query, size_t k, size_t max_images) {
  Neighbours out;
  out.query_digest = pixels_digest(query.pixels);
  if (query.width != data.width || query.height != data.height || query.channels != data.channels) {
    out.error = "the image is " + std::to_string(query.width) + "x" + std::to_string(query.height) + "x" +
                std::to_string(query.channels) + " but the training images are " + std::to_string(data.width) + "x" +
                std::to_string(data.height) + "x" + std::to_string(data.channels);
    return out;
  }
  const size_t n = data.size(), bytes = data.image_bytes(), plane = size_t(data.width) * size_t(data.height);
  // The query in the data set's planar layout, so each comparison is one straight loop.
  std::vector<int> q(bytes);
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < data.channels; ++c)
      q[size_t(c) * plane + p] = query.pixels[p * size_t(data.channels) + size_t(c)];
  const size_t count = std::min(n, std::max<size_t>(max_images, 1));
  std::vector<uint8_t> buffer(bytes);
  std::vector<std::pair<size_t, double>> all;
  all.reserve(count);
  for (size_t s = 0; s < count; ++s) {
    const size_t i = count == n ? s : s * n / count;
    const uint8_t* img = buffer.data();
    if (data.drawer)
      data.copy_image(i, buffer.data());
    else
      img = data.image(i);
    int64_t sum = 0;
    for (size_t b = 0; b < bytes; ++b) {
      const int d = int(img[b]) - q[b];
      sum += d * d;
    }
    all.emplace_back(i, std::sqrt(double(sum) / double(bytes)) / 255.0);
  }
  out.searched = all.size();
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(),
                    [](const auto& a, const auto& b) { return a.second < b.second; });
  all.resize(k);
  out.found = std::move(all);
  return out;
}

namespace {
struct Request {
  std::shared_ptr<const Dataset> data;
  Image query;
  size_t k = 0, max_images = 0;
};
}  // namespace

struct NearestImagesJob::Impl {
  LatestWorker<Request, Neighbours> worker{
      [](const Request& r) { return nearest_images(*r.data, r.query, r.k, r.max_images); }};
};

NearestImagesJob::NearestImagesJob() : impl_(std::make_unique<Impl>()) {}
NearestImagesJob::~NearestImagesJob() = default;

void NearestImagesJob::request(std::shared_ptr<const Dataset> data, Image query, size_t k, size_t max_images) {
  if (!data) return;
  impl_->worker.request(Request{std::move(data), std::move(query), k, max_images});
}

std::optional<Neighbours> NearestImagesJob::take() { return impl_->worker.take(); }
bool NearestImagesJob::busy() const { return impl_->worker.busy(); }

}  // namespace vlae
