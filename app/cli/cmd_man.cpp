// `vlae man`: prints the manual page (roff) built from the command tree; `vlae man > vlae.1`, or
// `vlae man | man -l -` to read it. Hidden from the subcommand listing.
#include <iostream>
#include <string>

#include "app/cli/command_registry.h"
#include "app/cli/man_page.h"

namespace vlae::cli {

namespace {

const bool man_registered = register_command(
    {"man", "Print this program's manual page (roff), made from its command tree", 91, [](CLI::App& cmd) -> CommandRun {
       cmd.group("");  // hidden: --help leaves out subcommands of no group
       // The root app outlives every command run; by then it holds all the subcommands.
       const CLI::App* root = &cmd;
       while (root->get_parent() != nullptr) root = root->get_parent();
       return [root] {
         // main() sets the version flag to "vlae " VLAE_VERSION; App::version() gives that string back.
         std::string version = root->version();
         if (version.rfind("vlae ", 0) == 0) version.erase(0, 5);
         std::cout << man_page(*root, "vlae", version) << std::flush;
         return 0;
       };
     }});

}  // namespace
}  // namespace vlae::cli
