# Glue for system packages only: every dependency comes from Debian (see scripts/install-deps).
find_package(Torch REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(PkgConfig REQUIRED)

# Header-only packages: stb and CLI11 install their headers under /usr/include.
find_path(STB_INCLUDE_DIR stb_image_write.h PATH_SUFFIXES stb REQUIRED)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h)
find_path(MATIO_INCLUDE_DIR matio.h)
find_library(MATIO_LIBRARY matio)

if(VLAE_BUILD_GUI)
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
endif()
