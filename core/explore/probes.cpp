#include "core/explore/probes.h"

#include "core/common/error.h"

namespace vlae {

namespace {
struct Standardised {
  torch::Tensor train, test;
};

Standardised standardise(const torch::Tensor& train_x, const torch::Tensor& test_x) {
  const torch::Tensor mean = train_x.mean(0, true);
  const torch::Tensor std = train_x.std(0, /*unbiased=*/false, true).clamp_min(1e-6);
  return {(train_x - mean) / std, (test_x - mean) / std};
}

void check_shapes(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                  const torch::Tensor& test_y) {
  if (train_x.size(0) == 0 || test_x.size(0) == 0) throw Error("probe: needs at least one train and one test example");
  if (train_x.size(0) != train_y.size(0) || test_x.size(0) != test_y.size(0))
    throw Error("probe: features and labels disagree in count");
}
}  // namespace

double knn_accuracy(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                    const torch::Tensor& test_y, int k) {
  check_shapes(train_x, train_y, test_x, test_y);
  torch::NoGradGuard no_grad;
  const Standardised s = standardise(train_x.to(torch::kFloat64), test_x.to(torch::kFloat64));
  const int64_t kk = std::min<int64_t>(k, train_x.size(0));
  const int64_t classes = std::max(train_y.max().item<int64_t>(), test_y.max().item<int64_t>()) + 1;
  int64_t correct = 0;
  // Chunks of test points keep the distance matrix small.
  for (int64_t start = 0; start < s.test.size(0); start += 512) {
    const torch::Tensor q = s.test.slice(0, start, std::min<int64_t>(start + 512, s.test.size(0)));
    const torch::Tensor nearest = std::get<1>(torch::cdist(q, s.train).topk(kk, 1, /*largest=*/false));
    const torch::Tensor votes = torch::zeros({q.size(0), classes}, torch::kFloat64)
                                    .scatter_add_(1, train_y.index_select(0, nearest.flatten()).view({q.size(0), kk}),
                                                  torch::ones({q.size(0), kk}, torch::kFloat64));
    const torch::Tensor predicted = votes.argmax(1);
    correct += predicted.eq(test_y.slice(0, start, start + q.size(0))).sum().item<int64_t>();
  }
  return double(correct) / double(test_x.size(0));
}

double logreg_accuracy(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                       const torch::Tensor& test_y) {
  check_shapes(train_x, train_y, test_x, test_y);
  // Clones: the features may be inference tensors, which autograd must not save.
  const Standardised s = standardise(train_x.to(torch::kFloat32).clone(), test_x.to(torch::kFloat32).clone());
  const int64_t classes = std::max(train_y.max().item<int64_t>(), test_y.max().item<int64_t>()) + 1;
  torch::Tensor w = torch::zeros({s.train.size(1), classes}, torch::requires_grad());
  torch::Tensor b = torch::zeros({classes}, torch::requires_grad());
  torch::optim::Adam opt({w, b}, torch::optim::AdamOptions(0.05));
  {
    torch::AutoGradMode enable(true);
    for (int it = 0; it < 300; ++it) {
      opt.zero_grad();
      const torch::Tensor loss =
          torch::cross_entropy_loss(torch::addmm(b, s.train, w), train_y) + 1e-3 * w.square().sum();
      loss.backward();
      opt.step();
    }
  }
  torch::NoGradGuard no_grad;
  const torch::Tensor predicted = torch::addmm(b, s.test, w).argmax(1);
  return predicted.eq(test_y).to(torch::kFloat64).mean().item<double>();
}

}  // namespace vlae
