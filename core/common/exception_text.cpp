#include "core/common/exception_text.h"

#include <c10/util/Exception.h>

namespace vlae {

std::string first_line(const std::exception& e) {
  std::string msg = e.what();
  if (auto* c10 = dynamic_cast<const c10::Error*>(&e)) msg = c10->what_without_backtrace();
  const auto nl = msg.find('\n');
  return nl == std::string::npos ? msg : msg.substr(0, nl);
}

}  // namespace vlae
