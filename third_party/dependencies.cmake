# Glue for system packages only: every dependency comes from Debian (see scripts/install-deps).
find_package(Torch REQUIRED)
# LibTorch runs its operators on an OpenMP pool. Debian's default BLAS is OpenBLAS's pthread build,
# a second pool whose idle threads spin on the same cores between GEMMs; OpenBLAS's OpenMP build
# shares LibTorch's pool (two-thread training measured 10-15% faster with it). Our programs look
# for libblas/liblapack there first: an RPATH, unlike a RUNPATH, also serves libtorch's own
# dependencies. Without the package installed, the system's alternative is used as before.
set(VLAE_OPENBLAS_OPENMP_DIR "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-openmp")
if(EXISTS "${VLAE_OPENBLAS_OPENMP_DIR}/libblas.so.3")
  # In the build tree only: an install carries no search path of its own (Debian's policy), and
  # there the system's libblas alternative is used (update-alternatives chooses it).
  add_link_options("LINKER:--disable-new-dtags")
  set(CMAKE_BUILD_RPATH "${VLAE_OPENBLAS_OPENMP_DIR}")
  message(STATUS "BLAS: OpenBLAS's OpenMP build (${VLAE_OPENBLAS_OPENMP_DIR})")
endif()
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(PkgConfig REQUIRED)
# JPEG decoding (core/io/jpeg_decode.cpp) uses libjpeg-turbo; stb_image reads PNG only.
find_package(JPEG)
if(NOT JPEG_FOUND)
  message(FATAL_ERROR "libjpeg not found: JPEG files are decoded with libjpeg-turbo. "
                      "On Debian install libjpeg62-turbo-dev (scripts/install-deps does).")
endif()
# Animated exports (core/io/gif_writer.cpp) use giflib.
find_package(GIF)
if(NOT GIF_FOUND)
  message(FATAL_ERROR "giflib not found: animated exports are written with it. "
                      "On Debian install libgif-dev (scripts/install-deps does).")
endif()
# MP4 exports (core/io/mp4_writer.cpp) use FFmpeg's libraries, whose runtime LibTorch already needs.
pkg_check_modules(FFMPEG IMPORTED_TARGET libavcodec libavformat libavutil libswscale)
if(NOT FFMPEG_FOUND)
  message(FATAL_ERROR "FFmpeg's libraries not found: MP4 exports are written with them. On Debian install "
                      "libavcodec-dev libavformat-dev libswscale-dev (scripts/install-deps does).")
endif()

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

# Data-parallel training (`vlae train --world-size`) uses LibTorch's own torch.distributed (c10d):
# TCPStore and ProcessGroupGloo live in libtorch_cpu, and their headers include Gloo's, which
# Debian ships in libgloo-dev (the same Gloo that libtorch_cpu links). glog: c10d logs through it.
find_path(C10D_INCLUDE_DIR torch/csrc/distributed/c10d/ProcessGroupGloo.hpp HINTS ${TORCH_INCLUDE_DIRS})
find_path(GLOO_INCLUDE_DIR gloo/algorithm.h HINTS ${TORCH_INCLUDE_DIRS})
find_library(TORCH_CPU_LIBRARY torch_cpu HINTS ${TORCH_INSTALL_PREFIX}/lib)
find_library(GLOG_LIBRARY glog)
if(NOT C10D_INCLUDE_DIR OR NOT GLOO_INCLUDE_DIR OR NOT TORCH_CPU_LIBRARY)
  message(FATAL_ERROR "Distributed training needs LibTorch's c10d with Gloo: "
                      "c10d headers ${C10D_INCLUDE_DIR}, Gloo headers ${GLOO_INCLUDE_DIR}, libtorch_cpu ${TORCH_CPU_LIBRARY}. "
                      "On Debian install libgloo-dev (scripts/install-deps does).")
endif()
# NCCL for CUDA tensors, only where LibTorch was built with it and nccl.h is at hand.
set(VLAE_WITH_NCCL OFF)
if(EXISTS "${C10D_INCLUDE_DIR}/torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp" AND TORCH_CUDA_LIBRARIES)
  find_path(NCCL_INCLUDE_DIR nccl.h HINTS ${TORCH_INCLUDE_DIRS} ENV NCCL_ROOT PATH_SUFFIXES include)
  if(NCCL_INCLUDE_DIR)
    set(VLAE_WITH_NCCL ON)
  endif()
endif()
message(STATUS "Distributed training: c10d with Gloo (${GLOO_INCLUDE_DIR}, ${TORCH_CPU_LIBRARY})")
if(VLAE_WITH_NCCL)
  message(STATUS "Distributed training: NCCL backend for CUDA tensors")
endif()
