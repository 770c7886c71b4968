#pragma once
// How a program spends the machine's cores, decided in one place for the explorer, `vlae bench`
// and every CLI command.
#include "core/common/compute_threads.h"

namespace vlae {

struct CpuPlan {
  int trainer_threads = 1;                  // intra-op threads of a training thread; 0: the libraries' default
  CpuShare trainer_share = CpuShare::Nice;  // how a training thread yields to interactive work
  int decode_threads_idle = 1;              // a decoder's threads while nothing trains beside it
  int decode_threads_training = 1;          // ... and while a trainer does
  int decoder_threads(bool training_beside) const {
    return training_beside ? decode_threads_training : decode_threads_idle;
  }
};

// The explorer: its trainer leaves a core for the UI and the decoder (one thread on a 2-core
// machine) and runs on idle CPU time only, so a frame or a decode never waits for a step; the
// decoder takes every core while nothing trains beside it, one while something does.
CpuPlan interactive_cpu_plan(int cores = machine_cores());

// A command-line tool: `threads` for whatever the command computes; -1 leaves the libraries'
// defaults (OMP_NUM_THREADS where it is set, else every core).
CpuPlan batch_cpu_plan(int threads);

// Applies a batch plan to the process: LibTorch's intra-op pool and OpenBLAS's threads, and one
// inter-op thread (our parallelism is intra-op; more would only oversubscribe the cores).
void apply_batch_cpu_plan(const CpuPlan& plan);

}  // namespace vlae
