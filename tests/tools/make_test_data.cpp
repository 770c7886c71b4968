// make_test_data DIR N: writes a small synthetic IDX folder for the CLI and GUI tests.
#include <cstdio>
#include <cstdlib>

#include "test_support.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_test_data DIR N\n");
    return 2;
  }
  vlae::test::write_synthetic_idx_folder(argv[1], std::atoi(argv[2]));
  return 0;
}
