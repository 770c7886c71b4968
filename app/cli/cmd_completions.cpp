// `vlae completions bash|zsh|fish`: prints a shell completion script built from the command tree.
#include <iostream>
#include <memory>
#include <string>

#include "app/cli/command_registry.h"
#include "app/cli/completion_scripts.h"

namespace vlae::cli {

namespace {

// The name the completion is for: the program's own file name (CLI11 names the root app after
// argv[0] when it parses), else "vlae".
std::string program_name(const CLI::App& root) {
  std::string name = root.get_name();
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  return name.empty() ? "vlae" : name;
}

const bool completions_registered = register_command(
    {"completions", "Print a shell completion script (bash, zsh or fish) built from the command tree", 90,
     [](CLI::App& cmd) -> CommandRun {
       auto shell = std::make_shared<std::string>();
       cmd.add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
       // The root app outlives every command run; by then it holds all the subcommands.
       const CLI::App* root = &cmd;
       while (root->get_parent() != nullptr) root = root->get_parent();
       return [shell, root] {
         std::cout << completion_script(*root, *shell, program_name(*root)) << std::flush;
         return 0;
       };
     }});

}  // namespace
}  // namespace vlae::cli
