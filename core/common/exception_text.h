#pragma once
// The first line of an exception's message, without LibTorch's C++ backtrace: what an error line
// for a user can hold.
#include <exception>
#include <string>

namespace vlae {

std::string first_line(const std::exception& e);

}  // namespace vlae
