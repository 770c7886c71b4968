#pragma once
// Range checks for numeric options, attached where the option is declared so that a value out of
// range is refused before any work starts: `vlae: error: --n must be between 1 and 100, not -5`
// and exit 2 (CLI11 puts the option's name before the message, main() drops its colon). Defaults
// that mean "not given" (-1, 0) live in the option structs and never pass through these checks.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace vlae::cli {

inline CLI::Validator whole_number_in(int64_t lo, int64_t hi) {
  const std::string range = std::to_string(lo) + " and " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE || value < lo || value > hi)
          return "must be between " + range + ", not " + text;
        return "";
      },
      "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

// Bounds shared by several subcommands.
inline constexpr int64_t kMaxThreads = 1024;
inline constexpr int64_t kMaxSeed = INT64_MAX;

}  // namespace vlae::cli
