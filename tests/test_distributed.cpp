// Data-parallel training on real c10d (a TCPStore and Gloo on 127.0.0.1), with the ranks as
// threads of this process: identical weights on every rank after every step, the same result as
// one process with the combined batch, agreement on skipped steps and stops, and errors (not
// hangs) when a rank is missing or goes away.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "core/common/error.h"
#include "core/train/distributed.h"
#include "core/run/distributed_run.h"
#include "core/train/grad_reducer.h"
#include "core/train/trainer.h"
#include "test_support.h"

using namespace vlae;
using namespace vlae::test;

namespace {
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

DistConfig local_config(int world, int rank, int port, double timeout_s = 20) {
  DistConfig c;
  c.world_size = world;
  c.rank = rank;
  c.host = "127.0.0.1";
  c.port = port;
  c.timeout_s = timeout_s;
  return c;
}

// Runs body(rank, group) on `world` threads joined in one process group; rethrows the first failure.
template <class Body>
void run_ranks(int world, Body body, double timeout_s = 20) {
  const int port = free_port();
  std::vector<std::exception_ptr> errors(static_cast<size_t>(world));
  std::vector<std::thread> threads;
  for (int r = 0; r < world; ++r)
    threads.emplace_back([&, r] {
      try {
        auto group = DistGroup::connect(local_config(world, r, port, timeout_s), torch::kCPU);
        body(r, group);
      } catch (...) {
        errors[size_t(r)] = std::current_exception();
      }
    });
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// Model initialisation draws from torch's global generator: one trainer at a time.
std::mutex g_init;
std::unique_ptr<Trainer> make_trainer(const RunConfig& cfg, std::shared_ptr<const Dataset> data,
                                      std::shared_ptr<DistGroup> group = nullptr) {
  std::lock_guard<std::mutex> lock(g_init);
  return std::make_unique<Trainer>(cfg, std::move(data), torch::kCPU, 0, std::move(group));
}

RunConfig no_bn_config() {
  RunConfig cfg = tiny_config("unused");
  cfg.model.batch_norm = false;
  cfg.train.batch = 16;
  return cfg;
}

struct SetEnv {
  std::string name;
  SetEnv(const char* n, const char* v) : name(n) { ::setenv(n, v, 1); }
  ~SetEnv() { ::unsetenv(name.c_str()); }
};
}  // namespace

TEST_CASE("distributed settings: flags win over the environment, bad values are refused") {
  std::map<std::string, std::string> env;
  auto getenv_fn = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  DistArgs none;
  CHECK_FALSE(resolve_dist_config(none, getenv_fn).enabled());

  env = {{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"MASTER_ADDR", "10.0.0.5"}, {"MASTER_PORT", "29501"}};
  DistConfig c = resolve_dist_config(none, getenv_fn);
  CHECK(c.world_size == 4);
  CHECK(c.rank == 3);
  CHECK(c.host == "10.0.0.5");
  CHECK(c.port == 29501);
  CHECK(c.timeout_s == kDefaultDistTimeoutS);

  DistArgs flags;
  flags.world_size = 2;
  flags.rank = 1;
  flags.master = "[::1]:1234";
  flags.timeout_s = 5;
  c = resolve_dist_config(flags, getenv_fn);
  CHECK(c.world_size == 2);
  CHECK(c.rank == 1);
  CHECK(c.host == "::1");
  CHECK(c.port == 1234);
  CHECK(c.timeout_s == 5);

  auto refuses = [&](DistArgs a, const std::string& needle) {
    try {
      resolve_dist_config(a, getenv_fn);
      FAIL("accepted, expected: " << needle);
    } catch (const Error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos, e.what());
      CHECK(e.kind() == ErrorKind::Usage);
    }
  };
  env.clear();
  DistArgs a;
  a.world_size = 0;
  refuses(a, "--world-size must be at least 1, not 0");
  a.world_size = 2;
  refuses(a, "--rank R (or RANK) is needed");
  a.rank = 2;
  refuses(a, "--rank 2 must be below --world-size 2");
  a.rank = 1;
  refuses(a, "--master HOST:PORT (or MASTER_ADDR and MASTER_PORT) is needed");
  for (const char* bad : {"localhost", "host:", ":29500", "host:port", "a:b:c", "[::1]29500"}) {
    a.master = bad;
    refuses(a, "--master must be HOST:PORT");
  }
  a.master = "host:70000";
  refuses(a, "port 70000 is not in 1..65535");
  a.master = "host:29500";
  a.timeout_s = 0;
  refuses(a, "--dist-timeout must be in (0, 86400]");
  env = {{"WORLD_SIZE", "two"}};
  refuses(DistArgs{}, "WORLD_SIZE='two' is not a whole number");
  env = {{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_ADDR", "h"}};
  refuses(DistArgs{}, "MASTER_PORT is not set");

  CHECK_NOTHROW(check_world_divides_batch(4, 16));
  try {
    check_world_divides_batch(3, 16);
    FAIL("3 ranks accepted for a batch of 16");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("world size 3 does not divide the batch of 16") != std::string::npos);
  }
}

TEST_CASE("the gradient reducer averages over ranks in several buckets, unused parameters included") {
  at::set_num_threads(1);
  std::vector<std::vector<torch::Tensor>> grads(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    std::vector<torch::Tensor> params;
    for (int k = 0; k < 5; ++k) params.push_back(torch::full({10 + k}, 1.0f + float(k)).requires_grad_(true));
    // ~48 bytes per bucket: most parameters get a bucket of their own.
    GradReducer reducer(params, *group, 48);
    CHECK(reducer.buckets() >= 4);
    for (int step = 0; step < 2; ++step) {
      for (auto& p : params)
        if (p.grad().defined()) p.mutable_grad().zero_();
      // Parameter 2 is never used: it must not block the others or gain a gradient.
      torch::Tensor loss = (params[0] * float(rank + 1)).sum() + params[1].square().sum() * float(rank) +
                           params[3].sum() * 0.5f + params[4].sum() * float(3 * rank);
      loss.backward();
      reducer.finish();
    }
    for (auto& p : params) grads[size_t(rank)].push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
  });
  for (int rank = 0; rank < 2; ++rank) {
    const auto& g = grads[size_t(rank)];
    CHECK(torch::allclose(g[0], torch::full({10}, 1.5f)));  // mean of 1 and 2
    CHECK(torch::allclose(g[1], torch::full({11}, 2.0f)));  // mean of 0 and 2 * 2
    CHECK_FALSE(g[2].defined());
    CHECK(torch::allclose(g[3], torch::full({13}, 0.5f)));
    CHECK(torch::allclose(g[4], torch::full({14}, 1.5f)));  // mean of 0 and 3
  }
}

TEST_CASE("two ranks keep identical weights after every step and match one process with the combined batch") {
  at::set_num_threads(1);
  SetEnv bucket("VLAE_DIST_BUCKET_MB", "0.02");  // several buckets even for the tiny model
  auto data = std::make_shared<const Dataset>(synthetic_strokes(96, 3));
  const RunConfig cfg = no_bn_config();
  const int steps = 8;

  auto single = make_trainer(cfg, data);
  std::vector<double> single_loss;
  for (int s = 0; s < steps; ++s) single_loss.push_back(single->record(single->step(), 0, 0).loss);

  std::vector<std::vector<uint64_t>> prints(2);
  std::vector<std::vector<double>> losses(2);
  std::vector<std::vector<torch::Tensor>> final_params(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    auto t = make_trainer(cfg, data, group);
    if (rank == 1) {  // other initial weights: sync_from_rank0 must replace them with rank 0's
      torch::NoGradGuard no_grad;
      for (auto& p : t->model()->parameters()) p.add_(1.0);
    }
    t->sync_from_rank0();
    for (int s = 0; s < steps; ++s) {
      const StepResult r = t->step();
      CHECK(r.applied);
      prints[size_t(rank)].push_back(weights_fingerprint(t->model()));
      losses[size_t(rank)].push_back(t->record(r, 0, 0).loss);
    }
    for (const auto& p : t->model()->parameters()) final_params[size_t(rank)].push_back(p.detach().clone());
  });
  CHECK(prints[0] == prints[1]);
  for (int s = 0; s < steps; ++s) CHECK(losses[0][size_t(s)] == doctest::Approx(single_loss[size_t(s)]).epsilon(1e-4));
  const auto single_params = single->model()->parameters();
  double worst = 0;
  for (size_t i = 0; i < single_params.size(); ++i)
    worst = std::max(worst, (final_params[0][i] - single_params[i].detach()).abs().max().item<double>());
  MESSAGE("largest parameter difference to one process after " << steps << " steps: " << worst);
  CHECK(worst < 1e-4);
}

TEST_CASE("a non-finite step on one rank is skipped on every rank, and a stop on one rank stops all") {
  at::set_num_threads(1);
  auto data = std::make_shared<const Dataset>(synthetic_strokes(64, 5));
  const RunConfig cfg = no_bn_config();
  std::vector<std::vector<uint64_t>> prints(2);
  std::vector<std::vector<bool>> applied(2), stops(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    auto t = make_trainer(cfg, data, group);
    t->sync_from_rank0();
    t->step();
    if (rank == 1) t->poison_next_step_for_test(1);  // only rank 1 sees NaN
    for (int s = 0; s < 3; ++s) {
      const StepResult r = t->step(/*stop_requested=*/rank == 0 && s == 2);
      applied[size_t(rank)].push_back(r.applied);
      stops[size_t(rank)].push_back(r.stop);
      prints[size_t(rank)].push_back(weights_fingerprint(t->model()));
    }
    CHECK(t->step_count() == 3);
  });
  CHECK(applied[0] == std::vector<bool>{false, true, true});
  CHECK(applied[1] == applied[0]);
  CHECK(stops[1] == std::vector<bool>{false, false, true});
  CHECK(stops[0] == stops[1]);
  CHECK(prints[0] == prints[1]);
}

TEST_CASE("batch norm: every rank ends each step with rank 0's running statistics") {
  at::set_num_threads(1);
  auto data = std::make_shared<const Dataset>(synthetic_strokes(64, 7));
  RunConfig cfg = no_bn_config();
  cfg.model.batch_norm = true;
  std::vector<std::vector<uint64_t>> prints(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    auto t = make_trainer(cfg, data, group);
    REQUIRE_FALSE(t->model()->buffers().empty());
    t->sync_from_rank0();
    for (int s = 0; s < 3; ++s) {
      t->step();
      prints[size_t(rank)].push_back(weights_fingerprint(t->model()));
    }
  });
  CHECK(prints[0] == prints[1]);
}

TEST_CASE("resuming: the other rank takes rank 0's checkpoint, optimizer state and step") {
  at::set_num_threads(1);
  TempDir tmp("dist-resume");
  write_synthetic_idx_folder(tmp / "data", 64);
  RunConfig cfg = tiny_config(tmp / "data");
  cfg.model.batch_norm = false;
  {  // a run folder at step 5, and what one process makes of its next 3 steps
    std::lock_guard<std::mutex> lock(g_init);
    auto run = create_run(tmp / "run", cfg, "", torch::kCPU);
    for (int s = 0; s < 5; ++s) run->trainer->step();
    run->save();
  }
  std::vector<torch::Tensor> expected;
  {
    std::unique_ptr<TrainingRun> run;
    {
      std::lock_guard<std::mutex> lock(g_init);
      run = resume_run(tmp / "run", "", torch::kCPU);
    }
    for (int s = 0; s < 3; ++s) run->trainer->step();
    for (const auto& p : run->trainer->model()->parameters()) expected.push_back(p.detach().clone());
  }
  std::vector<uint64_t> prints(2);
  std::vector<torch::Tensor> got;
  std::vector<int64_t> steps(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    DistStart start;
    if (rank == 0) start = {cfg, 8, true};
    start = share_start(*group, start);
    CHECK(start.resume);
    CHECK(start.target == 8);
    auto run = open_on_all_ranks(*group, [&] {
      std::lock_guard<std::mutex> lock(g_init);
      return rank == 0 ? resume_run(tmp / "run", "", torch::kCPU, group)
                       : join_run(start.config, "", torch::kCPU, group);
    });
    sync_run_from_rank0(*group, *run, start.resume);
    steps[size_t(rank)] = run->trainer->step_count();
    while (run->trainer->step_count() < start.target) run->after_step(run->trainer->step());
    prints[size_t(rank)] = weights_fingerprint(run->trainer->model());
    if (rank == 0)
      for (const auto& p : run->trainer->model()->parameters()) got.push_back(p.detach().clone());
  });
  CHECK(steps[0] == 5);
  CHECK(steps[1] == 5);
  CHECK(prints[0] == prints[1]);
  // Not bit-equal to one process (the gradient sums run in another order), but within rounding.
  double worst = 0;
  for (size_t i = 0; i < expected.size(); ++i)
    worst = std::max(worst, (got[i] - expected[i]).abs().max().item<double>());
  MESSAGE("largest parameter difference to one process resumed alike: " << worst);
  CHECK(worst < 1e-4);
}

TEST_CASE("a rank that fails to start ends the others with a line naming it") {
  at::set_num_threads(1);
  std::vector<std::string> errors(2);
  run_ranks(2, [&](int rank, std::shared_ptr<DistGroup> group) {
    try {
      open_on_all_ranks(*group, [&]() -> std::unique_ptr<TrainingRun> {
        if (rank == 1) throw Error("data set 'x' is missing on this machine");
        return nullptr;
      });
    } catch (const Error& e) {
      errors[size_t(rank)] = e.what();
    }
  });
  CHECK(errors[1] == "data set 'x' is missing on this machine");
  CHECK(errors[0].find("rank 0 of 2: stopping because rank 1 could not start the run") != std::string::npos);
}

TEST_CASE("a rank that cannot connect, or whose peer goes away, gets an error within the timeout") {
  at::set_num_threads(1);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    DistGroup::connect(local_config(2, 1, free_port(), 2), torch::kCPU);
    FAIL("connected to nobody");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("rank 1 of 2: cannot reach rank 0 at 127.0.0.1:") != std::string::npos);
  }
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(waited < 10);

  // Rank 1 leaves after the first step (its process group goes away, as when a process dies).
  auto data = std::make_shared<const Dataset>(synthetic_strokes(64, 9));
  const RunConfig cfg = no_bn_config();
  std::string error0;
  double took = 0;
  run_ranks(
      2,
      [&](int rank, std::shared_ptr<DistGroup> group) {
        auto t = make_trainer(cfg, data, group);
        t->sync_from_rank0();
        t->step();
        if (rank == 1) return;  // trainer and group are destroyed here
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto s0 = std::chrono::steady_clock::now();
        try {
          for (int s = 0; s < 5; ++s) t->step();
        } catch (const Error& e) {
          error0 = e.what();
        }
        took = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
      },
      5);
  MESSAGE("rank 0 saw: " << error0 << " after " << took << " s");
  CHECK(error0.find("rank 0 of 2: all-reduce failed") != std::string::npos);
  CHECK(took < 8);
}
