// make_test_data DIR N: writes a small synthetic IDX folder for the CLI and GUI tests.
// make_test_data --images DIR N W H: a folder of N colour JPEGs of W x H and one non-image file.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "test_support.h"

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--images") {
    vlae::test::write_synthetic_image_folder(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]));
    return 0;
  }
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_test_data DIR N | make_test_data --images DIR N W H\n");
    return 2;
  }
  vlae::test::write_synthetic_idx_folder(argv[1], std::atoi(argv[2]));
  return 0;
}
