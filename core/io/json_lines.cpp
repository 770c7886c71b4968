#include "core/io/json_lines.h"

#include <fstream>

#include "core/common/error.h"

namespace vlae {

void for_each_json_line(const std::string& path, const std::function<void(const nlohmann::json&)>& take) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    try {
      take(nlohmann::json::parse(line));
    } catch (const std::exception&) {
      // A torn line from a crash mid-append: everything before it is still good.
    }
  }
}

void append_json_line(const std::string& path, const nlohmann::json& value, const std::string& what) {
  std::ofstream out(path, std::ios::app);
  if (!out) throw Error(path + ": cannot append " + what);
  out << value.dump() << '\n';
  out.flush();
  if (!out) throw Error(path + ": cannot append " + what);
}

}  // namespace vlae
