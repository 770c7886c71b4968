// The background training session and the decode service under real concurrency.
// Label `concurrency`: scripts/test also runs these under ThreadSanitizer.
#include <doctest/doctest.h>

#include <sched.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/common/compute_threads.h"
#include "core/common/tensor_memory_cache.h"
#include "core/explore/decode_service.h"
#include "core/explore/grids.h"
#include "core/explore/hierarchy_tracker.h"
#include "core/explore/latent_map_job.h"
#include "core/run/model_snapshot.h"
#include "core/io/atomic_file.h"
#include "core/run/checkpoint.h"
#include "core/run/checkpoint_view.h"
#include "core/run/run_follower.h"
#include "core/run/training_run.h"
#include "core/train/nonfinite_guard.h"
#include "core/run/training_session.h"
#include "test_support.h"

using namespace vlae;
using namespace vlae::test;
using namespace std::chrono_literals;

namespace {
std::unique_ptr<TrainingSession> open_tiny(const TempDir& tmp, int images = 128, CpuShare share = CpuShare::Nice) {
  write_synthetic_idx_folder(tmp / "data", images);
  SessionOptions o;
  o.config = tiny_config(tmp / "data");
  o.config.train.steps = 100000;
  o.run_dir = tmp / "run";
  o.device = "cpu";
  o.snapshot_every = 3;
  o.cpu_share = share;
  return TrainingSession::open(o);
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 60s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}
}  // namespace

TEST_CASE("pause freezes the step counter; single step advances exactly one") {
  TempDir tmp("session-pause");
  auto s = open_tiny(tmp);
  CHECK(s->status().state == RunState::Idle);
  s->start();
  REQUIRE(eventually([&] { return s->status().step >= 3; }));
  s->pause();
  s->wait_idle_commands();
  const RunStatus paused = s->status();
  CHECK(paused.state == RunState::Paused);
  std::this_thread::sleep_for(300ms);
  CHECK(s->status().step == paused.step);
  s->step_once();
  s->wait_idle_commands();
  CHECK(s->status().step == paused.step + 1);
  CHECK(s->status().state == RunState::Paused);
}

TEST_CASE("commands take effect within one step") {
  TempDir tmp("session-cmd");
  auto s = open_tiny(tmp);
  s->start();
  REQUIRE(eventually([&] { return s->status().step >= 2; }));
  s->set_lr(0.0005);
  s->set_kl_weight(0.25);
  s->wait_idle_commands();
  const int64_t at = s->status().step;
  REQUIRE(eventually([&] { return s->status().step >= at + 5; }));
  const auto m = s->metrics();
  REQUIRE(!m.empty());
  CHECK(s->status().lr == doctest::Approx(0.0005));
  CHECK(s->status().kl_weight == doctest::Approx(0.25));
  if (m.back().step > at) CHECK(m.back().lr == doctest::Approx(0.0005));
  CHECK_THROWS(s->set_lr(-1.0));
}

TEST_CASE("save during training writes a loadable checkpoint; stop joins cleanly") {
  TempDir tmp("session-save");
  auto s = open_tiny(tmp);
  s->start();
  REQUIRE(eventually([&] { return s->status().step >= 4; }));
  s->save_now();
  s->wait_idle_commands();
  const RunStatus st = s->status();
  CHECK(st.saved_step >= 4);
  LoadedModel m = load_model(tmp / "run");
  CHECK(m.step == st.saved_step);
  s->stop();
  s->wait_idle_commands();
  CHECK(s->status().state == RunState::Stopped);
  CHECK(!s->status().unsaved_steps());
  const auto t0 = std::chrono::steady_clock::now();
  s.reset();
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
}

TEST_CASE("an exception inside the training thread becomes the failed state; the process lives on") {
  TempDir tmp("session-throw");
  auto s = open_tiny(tmp);
  s->inject_exception_for_test("disk on fire");
  s->start();
  REQUIRE(eventually([&] { return s->status().state == RunState::Failed; }));
  CHECK(s->status().message.find("disk on fire") != std::string::npos);
  CHECK(s->status().step == 0);
  s->start();  // refused while failed
  s->wait_idle_commands();
  CHECK(s->status().state == RunState::Failed);
}

TEST_CASE("non-finite steps are skipped; five in a row pause with a message and keep the last good weights") {
  TempDir tmp("session-nan");
  auto s = open_tiny(tmp);
  s->step_once();
  s->step_once();
  s->request_snapshot();
  s->wait_idle_commands();
  auto before = s->snapshot();
  SUBCASE("one alone is skipped and training goes on") {
    s->inject_nan_for_test(1);
    s->start();
    REQUIRE(eventually([&] { return s->status().step >= 5; }));
    CHECK(s->status().state == RunState::Running);
  }
  SUBCASE("five in a row pause") {
    s->inject_nan_for_test(kMaxNonFiniteSteps);
    s->start();
    REQUIRE(eventually([&] { return s->status().state == RunState::Paused; }));
    const RunStatus st = s->status();
    CHECK(st.message.find("non-finite steps in a row") != std::string::npos);
    CHECK(st.message.find("try a lower one") != std::string::npos);
    CHECK(st.step == 2);
    s->request_snapshot();
    s->wait_idle_commands();
    auto after = s->snapshot();
    for (size_t i = 0; i < before->model->parameters().size(); ++i)
      CHECK(torch::equal(before->model->parameters()[i], after->model->parameters()[i]));
    for (size_t i = 0; i < before->model->buffers().size(); ++i)
      CHECK(torch::equal(before->model->buffers()[i], after->model->buffers()[i]));
    s->resume();
    REQUIRE(eventually([&] { return s->status().step >= 4; }));
  }
}

TEST_CASE("decoding while training: every image is finite and matches its snapshot") {
  TempDir tmp("stress");
  auto s = open_tiny(tmp, 256);
  std::mutex seen_mutex;
  std::map<uint64_t, std::shared_ptr<const ModelSnapshot>> seen;
  DecodeService decoder([&] {
    auto snap = s->snapshot();
    std::lock_guard<std::mutex> lock(seen_mutex);
    seen[snap->id] = snap;
    return snap;
  });
  s->start();
  std::mt19937_64 rng(5);
  int checked = 0;
  std::set<uint64_t> snapshots_used;
  const auto end = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < end || snapshots_used.size() < 3) {
    DecodeRequest req;
    req.code = prior_code(s->config().model.latent_dims, rng);
    const uint64_t gen = decoder.submit(0, req);
    auto result = decoder.wait(0, gen, 30.0);
    REQUIRE(result.has_value());
    REQUIRE(result->error.empty());
    CHECK(result->generation == gen);
    std::shared_ptr<const ModelSnapshot> snap;
    {
      std::lock_guard<std::mutex> lock(seen_mutex);
      snap = seen.at(result->snapshot_id);
    }
    snapshots_used.insert(snap->id);
    // Re-decode with the very snapshot the result claims: the same bytes, from finite floats.
    Model model = snap->model;
    c10::InferenceMode guard;
    std::vector<torch::Tensor> z;
    for (const auto& layer : req.code) z.push_back(torch::tensor(layer).unsqueeze(0));
    const torch::Tensor img = model->decode(z);
    CHECK(torch::isfinite(img).all().item<bool>());
    CHECK(tensor_to_images(img, false).front().pixels == result->image.pixels);
    ++checked;
    if (std::chrono::steady_clock::now() > end + 60s) break;
  }
  MESSAGE("checked " << checked << " decodes over " << snapshots_used.size() << " snapshots");
  CHECK(snapshots_used.size() >= 3);
}

TEST_CASE("latest wins: superseded requests are dropped, results never go back in time") {
  RunConfig cfg = load_run_config(tiny_config_path());
  Model model = make_model(cfg.model);
  auto snap = make_snapshot(cfg, model, 0, "");
  DecodeService decoder([snap] { return snap; });
  std::mt19937_64 rng(1);
  uint64_t last = 0;
  for (int i = 0; i < 50; ++i) {
    DecodeRequest req;
    req.code = prior_code(cfg.model.latent_dims, rng);
    last = decoder.submit(0, req);
  }
  auto r = decoder.wait(0, last, 30.0);
  REQUIRE(r.has_value());
  CHECK(r->generation == last);
  CHECK(!decoder.take(0).has_value());
  DecodeRequest grid;
  grid.kind = DecodeKind::Traverse;
  grid.traverse.n = 4;
  const uint64_t g = decoder.submit(1, grid);
  auto gr = decoder.wait(1, g, 30.0);
  REQUIRE(gr.has_value());
  CHECK(gr->rows == 4);
  CHECK(gr->image.width == 4 * 28 + 5 * 2);
}

TEST_CASE("start on a run at its target step trains nothing and stops") {
  TempDir tmp("session-target");
  auto s = open_tiny(tmp);
  s->set_target_step(3);
  s->start();
  REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
  CHECK(s->status().step == 3);
  s->start();
  REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
  CHECK(s->status().step == 3);
  CHECK(!s->status().unsaved_steps());
}

TEST_CASE("stop, a failure and a run of non-finite steps leave the decoding weights at the step the run stands at") {
  TempDir tmp("session-last-snapshot");
  auto s = open_tiny(tmp);  // a snapshot every 3 steps: most steps fall between two
  SUBCASE("stop") {
    s->start();
    REQUIRE(eventually([&] { return s->status().step >= 4; }));
    s->stop();
  }
  SUBCASE("an exception") {
    s->step_once();
    s->step_once();
    s->wait_idle_commands();
    s->inject_exception_for_test("disk on fire");
    s->start();
    REQUIRE(eventually([&] { return s->status().state == RunState::Failed; }));
  }
  SUBCASE("non-finite steps") {
    s->step_once();
    s->step_once();
    s->wait_idle_commands();
    s->inject_nan_for_test(kMaxNonFiniteSteps);
    s->start();
    REQUIRE(eventually([&] { return s->status().state == RunState::Paused; }));
  }
  s->wait_idle_commands();
  CHECK(s->status().state != RunState::Running);
  CHECK(s->snapshot()->step == s->status().step);
}

TEST_CASE("a run resumed beyond its config's steps targets the step it stands at, not behind it") {
  TempDir tmp("session-resume-target");
  {
    auto s = open_tiny(tmp);
    s->set_target_step(5);
    s->start();
    REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
  }
  // As `vlae train --resume RUN --steps 5` leaves a run whose config.json says fewer steps.
  RunConfig config = load_run_folder_config(tmp / "run");
  REQUIRE(config.train.steps > 5);
  config.train.steps = 2;
  write_file_atomic(tmp / "run/config.json", to_json(config).dump(2));
  SessionOptions o;
  o.run_dir = tmp / "run";
  o.resume = true;
  o.device = "cpu";
  auto resumed = TrainingSession::open(o);
  CHECK(resumed->status().step == 5);
  CHECK(resumed->status().target_step == 5);
}

TEST_CASE("when training stops, the tensor cache's free blocks go back to the kernel") {
  install_tensor_memory_cache();  // as vlae and the explorer do; from here on for this program
  TempDir tmp("session-release");
  auto s = open_tiny(tmp);
  s->set_target_step(3);
  { torch::Tensor freed = torch::zeros({int64_t(1) << 20}); }  // 4 MiB, now a free cached block
  REQUIRE(tensor_memory_cache_stats().cached_bytes > 0);
  s->start();
  REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
  CHECK(eventually([&] { return tensor_memory_cache_stats().cached_bytes == 0; }));
  // Training again after the release works as before.
  s->set_target_step(5);
  s->start();
  s->wait_idle_commands();
  REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
  CHECK(s->status().step == 5);
}

namespace {
struct ThreadSched {
  int policy = -1;
  long nice = 0;
};

// Every thread of this process as the kernel schedules it: /proc/self/task/TID/stat fields 19
// (nice) and 41 (policy), counted after the ')' that ends the thread's name.
std::vector<ThreadSched> process_threads() {
  std::vector<ThreadSched> out;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(task.path() / "stat");
    std::string line;
    std::getline(in, line);
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 2));
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    if (f.size() < 39) continue;
    out.push_back({std::stoi(f[41 - 3]), std::stol(f[19 - 3])});
  }
  return out;
}

int threads_with(int policy, long nice) {
  int n = 0;
  for (const ThreadSched& t : process_threads()) n += t.policy == policy && (policy == SCHED_IDLE || t.nice == nice);
  return n;
}
}  // namespace

TEST_CASE("the trainer yields its cores: nice 10 by default, idle time only as in the explorer") {
  std::thread([] {
    CHECK(yield_cores_to_interactive_work(CpuShare::IdleOnly));
    CHECK(runs_on_idle_time_only());
  }).join();
  CHECK_FALSE(runs_on_idle_time_only());  // the caller's own thread is untouched

  for (const CpuShare share : {CpuShare::Nice, CpuShare::IdleOnly}) {
    TempDir tmp("session-cpu-share");
    const int idle_before = threads_with(SCHED_IDLE, 0), nice_before = threads_with(SCHED_OTHER, 10);
    auto s = open_tiny(tmp, 128, share);
    s->start();
    REQUIRE(eventually([&] { return s->status().step >= 2; }));
    if (share == CpuShare::IdleOnly) {
      CHECK(threads_with(SCHED_IDLE, 0) > idle_before);
    } else {
      CHECK(threads_with(SCHED_OTHER, 10) > nice_before);
      CHECK(threads_with(SCHED_IDLE, 0) == idle_before);
    }
    CHECK_FALSE(runs_on_idle_time_only());
  }
}

TEST_CASE("a trained, a followed and a viewed run answer the same RunSource questions") {
  TempDir tmp("session-run-sources");
  {
    auto s = open_tiny(tmp);
    s->set_target_step(10);  // log_every 5: two metrics lines
    s->start();
    REQUIRE(eventually([&] { return s->status().state == RunState::Stopped; }));
    REQUIRE(s->metrics().size() == 2);
  }
  SessionOptions o;
  o.run_dir = tmp / "run";
  o.resume = true;
  o.device = "cpu";
  auto resumed = TrainingSession::open(o);
  RunFollower follower(tmp / "run", 0.05);
  CheckpointView view(tmp / "run");
  const std::vector<const RunSource*> sources{resumed.get(), &follower, &view};
  for (const RunSource* source : sources) {
    CAPTURE(to_string(source->kind()));
    uint64_t generation = 0;
    // A resumed session's curves start where the run did, like the follower's and the view's.
    const auto records = source->metrics(0, generation);
    REQUIRE(records.size() == 2);
    CHECK(records.back().step == 10);
    CHECK(source->metrics(1, generation).size() == 1);
    CHECK(source->config().train.batch == 16);
    CHECK(source->snapshot() != nullptr);
    CHECK(source->status().saved_step == 10);
    CHECK(source->status().step == 10);
  }
  CHECK(resumed->control() == resumed.get());
  CHECK(follower.control() == nullptr);
  CHECK(view.control() == nullptr);
  CHECK(follower.trainer_busy());
  CHECK(!view.trainer_busy());
  CHECK(!resumed->trainer_busy());
}

TEST_CASE("background measurements beside training: the latent map and the hierarchy tracker") {
  TempDir tmp("session-background");
  auto s = open_tiny(tmp);
  s->start();
  REQUIRE(eventually([&] { return s->status().step >= 6; }));
  const auto heldout = s->heldout_data();
  const auto train = s->train_data();

  // The map: requests while one is encoding replace the waiting one; the newest snapshot's step wins.
  // Nice 10 rather than the explorer's idle time: a loaded test machine must not starve them.
  LatentMapJob maps(CpuShare::Nice);
  maps.request(s->snapshot(), heldout, 50);
  REQUIRE(eventually([&] { return s->status().step >= 12; }));
  const auto newest = s->snapshot();
  maps.request(newest, heldout, 50);
  std::optional<LatentMap> last;
  REQUIRE(eventually([&] {
    if (auto m = maps.take()) last = std::move(m);
    return last && !maps.busy() && last->step == newest->step;
  }));
  CHECK(last->error.empty());
  CHECK(last->means.size() == std::min<size_t>(50, heldout->size()));
  CHECK(last->means.front().size() == 3);
  CHECK(last->labels.size() == last->means.size());

  // The tracker: measures on a thread of its own, one at a time, 10% apart, into the file.
  HierarchyTracker tracker(tmp / "run/hierarchy.jsonl", ReportOptions{4, 2, 40, 20}, CpuShare::Nice);
  REQUIRE(eventually([&] {
    tracker.collect();
    tracker.offer(s->snapshot(), s->status().wall_s, train, heldout);
    return tracker.history().size() >= 3;
  }));
  tracker.finish();
  s->pause();
  const auto& h = tracker.history();
  for (size_t i = 1; i < h.size(); ++i) CHECK(worth_measuring(h[i].report.step, h[i - 1].report.step));
  CHECK(read_hierarchy_history(tmp / "run/hierarchy.jsonl").size() == h.size());
  CHECK(tracker.error().empty());
}
