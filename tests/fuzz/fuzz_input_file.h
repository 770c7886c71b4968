#pragma once
// The readers under fuzz take file names: each input is written to one scratch file per process.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace vlae::fuzz {

inline std::string write_input(const char* tag, const uint8_t* data, size_t size, const char* suffix = "") {
  const std::string path = "/tmp/vlae-fuzz-" + std::string(tag) + "-" + std::to_string(::getpid()) + suffix;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace vlae::fuzz
