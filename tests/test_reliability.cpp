// No lost work: checkpoint history and fallback on resume, the non-finite guard, and the atomic
// writer when the disk refuses the bytes.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/png_io.h"
#include "core/run/checkpoint_history.h"
#include "core/run/checkpoint_timeline.h"
#include "core/run/training_run.h"
#include "core/train/nonfinite_guard.h"
#include "test_support.h"

using namespace vlae;
using namespace vlae::test;
namespace fs = std::filesystem;

namespace {
// Steps and saves after every step, as `vlae train` does with checkpoint_every = 1.
void train_saving_each_step(TrainingRun& run, int64_t target) {
  while (run.trainer->step_count() < target) {
    REQUIRE(run.trainer->step().applied);
    run.save();
  }
}
std::vector<int64_t> kept_steps(const RunPaths& paths) {
  std::vector<int64_t> steps;
  for (const auto& [step, path] : numbered_checkpoints(paths)) steps.push_back(step);
  return steps;
}
}  // namespace

TEST_CASE("autosave keeps the last K checkpoints: checkpoint.pt newest, older ones numbered") {
  TempDir tmp("keep");
  write_synthetic_idx_folder(tmp / "data", 32);
  RunConfig c = tiny_config(tmp / "data");
  c.train.keep_checkpoints = 3;
  auto run = create_run(tmp / "run", c, "", torch::kCPU);
  train_saving_each_step(*run, 6);
  CHECK(load_model(run->paths.checkpoint).step == 6);
  CHECK(kept_steps(run->paths) == std::vector<int64_t>{5, 4});
  CHECK(load_model(numbered_checkpoint_path(run->paths, 5)).step == 5);
  run->save();  // nothing new: no duplicate of step 6 among the numbered ones
  CHECK(kept_steps(run->paths) == std::vector<int64_t>{5, 4});

  SUBCASE("keep 1 keeps checkpoint.pt alone") {
    run->keep_checkpoints = 1;
    train_saving_each_step(*run, 8);
    CHECK(kept_steps(run->paths).empty());
    CHECK(load_model(run->paths.checkpoint).step == 8);
  }
  SUBCASE("a damaged checkpoint.pt: resume falls back to the newest loadable one, with a warning") {
    write_file_atomic(run->paths.checkpoint, "garbage");
    write_file_atomic(numbered_checkpoint_path(run->paths, 5), "also garbage");
    run.reset();
    auto resumed = resume_run(tmp / "run", "", torch::kCPU);
    CHECK(resumed->trainer->step_count() == 4);
    CHECK(resumed->warning.find("checkpoint.pt: not a vlae checkpoint") != std::string::npos);
    CHECK(resumed->warning.find("resuming from " + numbered_checkpoint_path(resumed->paths, 4)) != std::string::npos);
    // Training on replaces the damaged file; the good numbered one is not deleted.
    train_saving_each_step(*resumed, 5);
    CHECK(load_model(resumed->paths.checkpoint).step == 5);
    CHECK(load_model(numbered_checkpoint_path(resumed->paths, 4)).step == 4);
  }
  SUBCASE("no loadable checkpoint at all: the error of checkpoint.pt") {
    write_file_atomic(run->paths.checkpoint, "garbage");
    for (const auto& [step, path] : numbered_checkpoints(run->paths)) write_file_atomic(path, "x");
    run.reset();
    CHECK_THROWS_WITH_AS(resume_run(tmp / "run", "", torch::kCPU),
                         doctest::Contains("checkpoint.pt: not a vlae checkpoint"), Error);
  }
  SUBCASE("temp files of a killed writer are cleared on resume") {
    write_file_atomic(tmp / "run/checkpoint.pt.tmp123-456", "half");
    run.reset();
    auto resumed = resume_run(tmp / "run", "", torch::kCPU);
    CHECK(resumed->warning.empty());
    CHECK(!fs::exists(tmp / "run/checkpoint.pt.tmp123-456"));
  }
}

TEST_CASE("a non-finite step is skipped and the weights stay the last good ones") {
  TempDir tmp("nonfinite");
  write_synthetic_idx_folder(tmp / "data", 32);
  auto run = create_run(tmp / "run", tiny_config(tmp / "data"), "", torch::kCPU);
  Trainer& t = *run->trainer;
  REQUIRE(t.step().applied);
  std::vector<torch::Tensor> before;
  for (const auto& p : t.model()->parameters()) before.push_back(p.detach().clone());
  for (const auto& b : t.model()->buffers()) before.push_back(b.detach().clone());
  t.poison_next_step_for_test(2);
  NonFiniteGuard guard;
  for (int i = 0; i < 2; ++i) {
    const StepResult r = t.step();
    CHECK(!r.applied);
    CHECK(!guard.note(r.applied));
  }
  CHECK(t.step_count() == 1);
  size_t i = 0;
  for (const auto& p : t.model()->parameters()) CHECK(torch::equal(p, before[i++]));
  for (const auto& b : t.model()->buffers()) CHECK(torch::equal(b, before[i++]));
  // A good step resets the count; kMaxNonFiniteSteps in a row trip the guard.
  CHECK(!guard.note(t.step().applied));
  for (int k = 1; k < kMaxNonFiniteSteps; ++k) CHECK(!guard.note(false));
  CHECK(guard.note(false));
  CHECK(NonFiniteGuard::message(7, 0.01).find("try a lower one such as 0.001") != std::string::npos);
}

TEST_CASE("the atomic writer: a refused write leaves the old file whole and no temp file") {
  TempDir tmp("atomic");
  const std::string path = tmp / "file.bin";
  write_file_atomic(path, "old contents");
  SUBCASE("the disk refuses the bytes (file size limit: write() fails as with ENOSPC)") {
    // RLIMIT_FSIZE makes write() fail (EFBIG) just where a full disk fails it (ENOSPC).
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    std::string message;
    try {
      write_file_atomic(path, std::string(100000, 'x'));
    } catch (const Error& e) {
      message = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK(message == path + ": write failed (File too large)");
  }
  SUBCASE("a device is not replaced") {
    CHECK_THROWS_WITH_AS(write_file_atomic("/dev/null", "x"), "/dev/null: is not a regular file; give a file path",
                         Error);
    CHECK(!fs::is_regular_file("/dev/null"));
  }
  SUBCASE("a folder is not replaced") {
    CHECK_THROWS_WITH_AS(write_file_atomic(tmp.str(), "x"), doctest::Contains("is a folder"), Error);
  }
  CHECK(read_file(path) == "old contents");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(tmp.path)) entries += e.is_regular_file();
  CHECK(entries == 1);
}

TEST_CASE("a file that is not an image is refused with one line naming it") {
  TempDir tmp("notimage");
  write_file_atomic(tmp / "a.png", "this is text, not a PNG");
  CHECK_THROWS_WITH_AS(read_png(tmp / "a.png"), doctest::Contains("a.png: not a readable image"), Error);
  write_file_atomic(tmp / "empty.png", "");
  CHECK_THROWS_WITH_AS(read_png(tmp / "empty.png"), doctest::Contains("empty.png: empty file"), Error);
}

TEST_CASE("history copies: the steps of growing spacing that span a run") {
  TrainConfig t;  // the defaults: from step 100, doubling
  std::vector<int64_t> kept;
  for (int64_t s = 1; s <= 2000; ++s)
    if (is_history_step(t, s)) kept.push_back(s);
  CHECK(kept == std::vector<int64_t>{100, 200, 400, 800, 1600});
  t.history_first = 10;
  t.history_growth = 1.5;
  kept.clear();
  for (int64_t s = 1; s <= 60; ++s)
    if (is_history_step(t, s)) kept.push_back(s);
  CHECK(kept == std::vector<int64_t>{10, 15, 23, 34, 51});  // 22.5 and 50.625 round to 23 and 51
  t.history_first = 0;
  CHECK(!is_history_step(t, 100));
  CHECK(history_weights_step("weights-00000100.pt") == 100);
  CHECK(history_weights_step("weights-x.pt") == -1);
  CHECK(history_weights_step("checkpoint-00000100.pt") == -1);
}
