#pragma once
// One error type for everything a user can get wrong. The message is the whole line shown
// to the user (the CLI prefixes "vlae: error: "), so it names the file or value and the problem.
#include <stdexcept>
#include <string>

namespace vlae {

enum class ErrorKind {
  Usage,    // bad arguments or config values: CLI exit status 2
  Runtime,  // bad files, bad data, I/O failures: CLI exit status 1
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Runtime)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline Error usage_error(const std::string& message) { return Error(message, ErrorKind::Usage); }

}  // namespace vlae
