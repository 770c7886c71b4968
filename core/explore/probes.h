#pragma once
// Label probes: how well a simple classifier reads a class from a layer's posterior means.
// Features are standardised with the training part's mean and std so every layer is judged alike.
#include <torch/torch.h>

namespace vlae {

// Accuracy on (test_x, test_y) of a k-nearest-neighbour vote (Euclidean, ties to the lowest class)
// over (train_x, train_y). x: [N, D] float; y: [N] int64 class indices.
double knn_accuracy(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                    const torch::Tensor& test_y, int k);

// Accuracy of multinomial logistic regression (full-batch, small L2, deterministic).
double logreg_accuracy(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                       const torch::Tensor& test_y);

}  // namespace vlae
