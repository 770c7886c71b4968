#include "core/train/distributed.h"

#include <chrono>
#include <cstring>
#include <mutex>

// LibTorch's CMake config defines USE_C10D_GLOO / USE_C10D_NCCL for the backends it was built
// with; the headers declare a process group only under its macro. NCCL also needs nccl.h, which
// our CMake looks for (VLAE_WITH_NCCL).
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if defined(USE_C10D_NCCL) && defined(VLAE_WITH_NCCL)
#define VLAE_NCCL_BACKEND 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "core/common/error.h"
#include "core/common/exception_text.h"

namespace vlae {

namespace {

bool is_loopback(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1"; }
}  // namespace

struct DistGroup::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
};

struct DistGroup::Pending::Impl {
  c10::intrusive_ptr<c10d::Work> work;
  std::string what;
  DistGroup* owner;
};

// One message for every way a collective can fail: a peer closed its connection (it died or
// stopped on an error of its own) or nothing arrived within the timeout (it hangs, or the network).
[[noreturn]] static void lost_peers(const DistConfig& c, const std::string& what, const std::exception& e) {
  throw Error("rank " + std::to_string(c.rank) + " of " + std::to_string(c.world_size) + ": " + what + " failed (" +
              first_line(e) + "): another rank stopped, or did not answer within --dist-timeout " +
              std::to_string(int(c.timeout_s)) + " s");
}

DistGroup::DistGroup(DistConfig config, torch::Device device)
    : config_(std::move(config)), device_(device), impl_(std::make_unique<Impl>()) {}

DistGroup::~DistGroup() = default;

std::shared_ptr<DistGroup> DistGroup::connect(const DistConfig& config, torch::Device device) {
  // c10d reports connection retries and timeouts through glog as well as in the exception; the
  // exception becomes our one error line, so the log copies are left out unless asked for.
#if defined(C10_USE_GLOG)
  // Once per process: ranks that connect from threads of one process (the tests) would race on it.
  static std::once_flag quiet_glog;
  std::call_once(quiet_glog, [] {
    if (!std::getenv("GLOG_minloglevel")) FLAGS_minloglevel = 3;
  });
#endif
  std::shared_ptr<DistGroup> g(new DistGroup(config, device));
  const auto timeout = std::chrono::milliseconds(int64_t(config.timeout_s * 1000));
  const std::string where = config.host + ":" + std::to_string(config.port);
  try {
    c10d::TCPStoreOptions opts;
    opts.port = uint16_t(config.port);
    opts.isServer = config.rank == 0;
    opts.numWorkers = size_t(config.world_size);
    opts.waitWorkers = true;
    opts.timeout = timeout;
    g->impl_->store = c10::make_intrusive<c10d::TCPStore>(config.host, opts);
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(config.rank) + " of " + std::to_string(config.world_size) +
                (config.rank == 0 ? ": cannot serve the rendezvous at " : ": cannot reach rank 0 at ") + where + " (" +
                first_line(e) + ")");
  }
  try {
    // The one place that picks the backend.
#if defined(VLAE_NCCL_BACKEND)
    if (device.is_cuda()) {
      auto opts = c10d::ProcessGroupNCCL::Options::create();
      opts->timeout = timeout;
      g->impl_->group =
          c10::make_intrusive<c10d::ProcessGroupNCCL>(g->impl_->store, config.rank, config.world_size, opts);
      g->backend_ = "nccl";
    }
#endif
    if (!g->impl_->group) {
      if (device.is_cuda())
        throw Error(
            "--device cuda with several ranks needs a LibTorch with NCCL; this build has Gloo only (use --device cpu)");
      auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
      // Gloo binds to one interface: GLOO_SOCKET_IFNAME as in PyTorch, loopback for a local run,
      // else the address this machine's hostname resolves to.
      if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
        opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
      else if (is_loopback(config.host))
        opts->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(config.host == "::1" ? "::1" : "127.0.0.1"));
      else
        opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      g->impl_->group =
          c10::make_intrusive<c10d::ProcessGroupGloo>(g->impl_->store, config.rank, config.world_size, opts);
      g->backend_ = "gloo";
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(config.rank) + " of " + std::to_string(config.world_size) +
                ": the ranks did not all join at " + where + " within --dist-timeout " +
                std::to_string(int(config.timeout_s)) + " s (" + first_line(e) + ")");
  }
  return g;
}

void DistGroup::broadcast(std::vector<torch::Tensor> tensors) {
  if (tensors.empty()) return;
  // One message instead of one per tensor: flatten, send, copy back.
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> flat_parts;
  for (const auto& t : tensors) flat_parts.push_back(t.detach().reshape(-1).to(device_, torch::kFloat64));
  std::vector<torch::Tensor> flat{torch::cat(flat_parts)};
  try {
    impl_->group->broadcast(flat)->wait();
  } catch (const std::exception& e) {
    lost_peers(config_, "broadcast of rank 0's weights", e);
  }
  int64_t offset = 0;
  for (auto& t : tensors) {
    const int64_t n = t.numel();
    t.detach().copy_(flat[0].narrow(0, offset, n).view(t.sizes()));
    offset += n;
  }
}

std::string DistGroup::broadcast_bytes(const std::string& bytes) {
  try {
    std::vector<torch::Tensor> size{torch::full({1}, int64_t(bytes.size()), torch::kInt64).to(device_)};
    impl_->group->broadcast(size)->wait();
    const int64_t n = size[0].cpu().item<int64_t>();
    if (n == 0) return "";
    torch::Tensor buf = torch::empty({n}, torch::kUInt8);
    if (is_root()) std::memcpy(buf.data_ptr<uint8_t>(), bytes.data(), size_t(n));
    std::vector<torch::Tensor> data{buf.to(device_)};
    impl_->group->broadcast(data)->wait();
    buf = data[0].cpu().contiguous();
    return std::string(reinterpret_cast<const char*>(buf.data_ptr<uint8_t>()), size_t(n));
  } catch (const std::exception& e) {
    lost_peers(config_, "start-up message from rank 0", e);
  }
}

void DistGroup::allreduce_sum(torch::Tensor& t) { allreduce_sum_async(t).wait(); }

DistGroup::Pending DistGroup::allreduce_sum_async(torch::Tensor t) {
  auto p = std::make_shared<Pending::Impl>();
  p->what = "all-reduce";
  p->owner = this;
  std::vector<torch::Tensor> v{std::move(t)};
  try {
    p->work = impl_->group->allreduce(v);
  } catch (const std::exception& e) {
    lost_peers(config_, p->what, e);
  }
  return Pending(p);
}

void DistGroup::Pending::wait() {
  if (!impl_ || !impl_->work) return;
  try {
    impl_->work->wait();
  } catch (const std::exception& e) {
    lost_peers(impl_->owner->config_, impl_->what, e);
  }
  impl_->work.reset();
}

uint64_t weights_fingerprint(Model& model) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const torch::Tensor& t) {
    const torch::Tensor c = t.detach().cpu().contiguous();
    const auto* p = static_cast<const unsigned char*>(c.data_ptr());
    const size_t n = size_t(c.numel()) * c.element_size();
    for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  };
  for (const auto& p : model->parameters()) mix(p);
  for (const auto& b : model->buffers()) mix(b);
  return h;
}

}  // namespace vlae
