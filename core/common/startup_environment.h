#pragma once
// Settings that libraries read once, in their constructors, so they must be in the environment
// before any library initialises:
// - OMP_WAIT_POLICY=PASSIVE. libgomp, the OpenMP runtime of Debian's LibTorch, keeps idle workers
//   spinning by default; with as many threads as cores, any other busy thread (the batch loader,
//   the decoder, the UI) then competes with them: `vlae bench` trained at 2 threads at half the
//   speed of 1 thread, and 2.2x faster once workers sleep.
// - OPENBLAS_CORETYPE, from the CPU's feature bits (blas_core.h). Debian's OpenBLAS 0.3.21 falls
//   back to its SSE3 kernels on CPU models newer than it knows (recent Intel Xeons): sgemm 7x and
//   training 2x slower.
// A value the user set is left alone. A program places VLAE_STARTUP_ENVIRONMENT_AT_LOAD once in its
// main file: from the executable's .preinit_array, which runs after the libraries are mapped but
// before their constructors, it re-executes the program once with the variables set. Re-executing
// from main() instead ran LibTorch's constructors twice: 0.8 s more per start.
namespace vlae {

// The preinit entry. With no room for more variables (over 4092 of them) it lets the program run
// on with the libraries' defaults.
void exec_with_startup_environment(int argc, char** argv, char** envp);

}  // namespace vlae

#define VLAE_STARTUP_ENVIRONMENT_AT_LOAD                                                                               \
  [[gnu::used, gnu::section(".preinit_array")]] static void (*vlae_startup_environment_at_load)(int, char**, char**) = \
      &vlae::exec_with_startup_environment;
