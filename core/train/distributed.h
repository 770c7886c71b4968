#pragma once
// The ranks of a data-parallel run, joined through torch.distributed's own c10d: a TCPStore
// rendezvous at rank 0's address and one process group (Gloo for CPU tensors; NCCL on a CUDA
// LibTorch that ships it). The c10d and Gloo headers stay inside distributed.cpp.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model/latent_model.h"
#include "core/train/dist_config.h"

namespace vlae {

class DistGroup {
 public:
  // An all-reduce in flight; wait() returns when this rank holds the result (or throws).
  class Pending {
   public:
    struct Impl;
    explicit Pending(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
    void wait();

   private:
    std::shared_ptr<Impl> impl_;
  };

  // Blocks until all config.world_size ranks have joined, or throws after config.timeout_s.
  // `device`: where the tensors live (picks the backend: Gloo for the CPU, NCCL for CUDA).
  static std::shared_ptr<DistGroup> connect(const DistConfig& config, torch::Device device);
  ~DistGroup();

  int rank() const { return config_.rank; }
  int size() const { return config_.world_size; }
  bool is_root() const { return config_.rank == 0; }
  const DistConfig& config() const { return config_; }
  const std::string& backend() const { return backend_; }

  // Collectives. Every rank must call the same ones in the same order. Each throws vlae::Error
  // naming what failed when a peer is gone or nothing arrives within the timeout.
  void broadcast(std::vector<torch::Tensor> tensors);     // rank 0's values into every rank's tensors, in place
  std::string broadcast_bytes(const std::string& bytes);  // rank 0's bytes on every rank (others pass "")
  void allreduce_sum(torch::Tensor& t);                   // in place
  Pending allreduce_sum_async(torch::Tensor t);           // t must stay untouched until wait()

 private:
  struct Impl;
  DistGroup(DistConfig config, torch::Device device);
  DistConfig config_;
  torch::Device device_;
  std::string backend_;
  std::unique_ptr<Impl> impl_;
};

// FNV-1a over the bytes of every parameter and buffer: equal on two ranks iff their weights are.
uint64_t weights_fingerprint(Model& model);

}  // namespace vlae
