#include "app/cli/command_registry.h"

#include <algorithm>
#include <map>

namespace vlae::cli {

namespace {
// A function-local static: registrations run during static initialisation, in any file order.
std::vector<CommandSpec>& registry() {
  static std::vector<CommandSpec> specs;
  return specs;
}
}  // namespace

bool register_command(CommandSpec spec) {
  registry().push_back(std::move(spec));
  return true;
}

std::vector<std::pair<CLI::App*, CommandRun>> build_commands(CLI::App& app) {
  std::vector<CommandSpec> specs = registry();
  // Groups first so their subcommands find them; then the order help shows.
  std::stable_sort(specs.begin(), specs.end(), [](const CommandSpec& a, const CommandSpec& b) {
    const bool a_nested = a.path.find(' ') != std::string::npos, b_nested = b.path.find(' ') != std::string::npos;
    if (a_nested != b_nested) return !a_nested;
    return a.order != b.order ? a.order < b.order : a.path < b.path;
  });
  std::map<std::string, CLI::App*> made;
  std::vector<std::pair<CLI::App*, CommandRun>> runners;
  for (const CommandSpec& spec : specs) {
    const size_t space = spec.path.rfind(' ');
    CLI::App* parent = space == std::string::npos ? &app : made.at(spec.path.substr(0, space));
    const std::string name = space == std::string::npos ? spec.path : spec.path.substr(space + 1);
    CLI::App* cmd = parent->add_subcommand(name, spec.about);
    made[spec.path] = cmd;
    if (spec.setup)
      runners.emplace_back(cmd, spec.setup(*cmd));
    else
      cmd->require_subcommand(1);
  }
  return runners;
}

}  // namespace vlae::cli
