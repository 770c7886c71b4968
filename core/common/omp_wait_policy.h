#pragma once
// libgomp, the OpenMP runtime of Debian's LibTorch, keeps idle worker threads spinning by
// default. With as many threads as cores, any other busy thread (the batch loader, the decoder,
// the UI) then competes with spinning workers: `vlae bench` trained at 2 threads at half the
// speed of 1 thread, and 2.2x faster once workers sleep (OMP_WAIT_POLICY=PASSIVE).
// libgomp reads the variable once, in its constructor, so it must be in the environment before
// any library initialises. A program places VLAE_PASSIVE_OMP_WAIT_AT_LOAD once in its main file:
// from the executable's .preinit_array, which runs after the libraries are mapped but before
// their constructors, it re-executes the program once with the variable set. Re-executing from
// main() instead ran LibTorch's constructors twice: 0.8 s more per start.
namespace vlae {

// The preinit entry. Leaves a value the user set; with no room for one more variable (over 4094
// of them) it lets the program run on with libgomp's default.
void exec_with_passive_omp_wait(int argc, char** argv, char** envp);

}  // namespace vlae

#define VLAE_PASSIVE_OMP_WAIT_AT_LOAD                                                                   \
  [[gnu::used, gnu::section(".preinit_array")]] static void (*vlae_passive_omp_wait_at_load)(int, char**, \
                                                                                          char**) =       \
      &vlae::exec_with_passive_omp_wait;
