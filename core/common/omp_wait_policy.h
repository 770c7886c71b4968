#pragma once
// libgomp, the OpenMP runtime of Debian's LibTorch, keeps idle worker threads spinning by
// default. With as many threads as cores, any other busy thread (the batch loader, the decoder,
// the UI) then competes with spinning workers: `vlae bench` trained at 2 threads at half the
// speed of 1 thread, and 2.2x faster once workers sleep (OMP_WAIT_POLICY=PASSIVE).
// libgomp reads the variable once, when it loads, so it must be in the environment before the
// program starts: this re-executes the program once with it set. A value the user set is kept.
namespace vlae {

void exec_with_passive_omp_wait(char** argv);

}  // namespace vlae
