#pragma once
// Checks of option values (numbers in range, output names a command can write), attached where
// the option is declared so that a bad value is refused before any work starts:
// `vlae: error: --n must be between 1 and 100, not -5` and exit 2 (CLI11 puts the option's name
// before the message, main() drops its colon). Defaults that mean "not given" (-1, 0) live in the
// option structs and never pass through these checks.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

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

// A real number from lo to hi (above lo, not at it, with `above_lo`). NaN and the infinities are
// refused as well: every comparison with a NaN is false, so CLI::Range lets it through.
inline CLI::Validator real_in(double lo, double hi, bool above_lo = false) {
  const auto number = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  const std::string range =
      above_lo ? "above " + number(lo) + " and at most " + number(hi) : "between " + number(lo) + " and " + number(hi);
  return CLI::Validator(
      [lo, hi, above_lo, range](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        const bool low = above_lo ? !(value > lo) : !(value >= lo);
        if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value) || low || !(value <= hi))
          return "must be a finite number " + range + ", not " + text;
        return "";
      },
      (above_lo ? "(" : "[") + number(lo) + ", " + number(hi) + "]");
}

// Whether an --out path ends in `tail` (".gif") in any case, after at least one character of its
// own name: the extension chooses what is written.
inline bool has_extension(const std::string& path, const std::string& tail) {
  if (path.size() <= tail.size() || path[path.size() - tail.size() - 1] == '/') return false;
  return std::equal(tail.begin(), tail.end(), path.end() - std::ptrdiff_t(tail.size()),
                    [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
}

// An output file name whose extension is one of `extensions` (".png", see has_extension): any
// other is refused before the work starts.
inline CLI::Validator file_extension_in(std::vector<std::string> extensions) {
  std::string list, choices;
  for (size_t i = 0; i < extensions.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == extensions.size() ? " or " : ", ") + extensions[i];
    choices += (i == 0 ? "FILE" : "|") + extensions[i];
  }
  return CLI::Validator(
      [extensions, list](std::string& path) -> std::string {
        for (const std::string& ext : extensions)
          if (has_extension(path, ext)) return "";
        return "must be a " + list + " file, not '" + path + "'";
      },
      choices);
}

// Bounds shared by several subcommands.
inline constexpr int64_t kMaxThreads = 1024;
inline constexpr int64_t kMaxSeed = INT64_MAX;

}  // namespace vlae::cli
