// The one CPU plan the explorer, the bench and the CLI share (core/common/cpu_plan.h).
#include <doctest/doctest.h>

#include "core/common/cpu_plan.h"

using vlae::CpuShare;

TEST_CASE("the interactive plan leaves a core for the UI and decodes on every core while nothing trains") {
  const vlae::CpuPlan two = vlae::interactive_cpu_plan(2);
  CHECK(two.trainer_threads == 1);
  CHECK(two.trainer_share == CpuShare::IdleOnly);
  CHECK(two.decoder_threads(false) == 2);
  CHECK(two.decoder_threads(true) == 1);
  const vlae::CpuPlan eight = vlae::interactive_cpu_plan(8);
  CHECK(eight.trainer_threads == 7);
  CHECK(eight.decoder_threads(false) == 8);
  CHECK(eight.decoder_threads(true) == 1);
  const vlae::CpuPlan one = vlae::interactive_cpu_plan(1);  // never zero threads
  CHECK(one.trainer_threads == 1);
  CHECK(one.decoder_threads(false) == 1);
}

TEST_CASE("the batch plan gives a command exactly its --threads, or the libraries' default") {
  const vlae::CpuPlan three = vlae::batch_cpu_plan(3);
  CHECK(three.trainer_threads == 3);
  CHECK(three.decoder_threads(false) == 3);
  CHECK(three.trainer_share == CpuShare::Nice);
  CHECK(vlae::batch_cpu_plan(-1).trainer_threads == 0);
}
