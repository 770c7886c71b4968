#pragma once
// The manual page of `vlae`, generated from the finished CLI11 command tree, so that `man vlae`
// documents every subcommand and option the binary really has. `vlae man` prints it (see
// cmd_man.cpp); an install can store its output as share/man/man1/vlae.1.
#include <CLI/CLI.hpp>

#include <string>

namespace vlae::cli {

// The roff source (man(7) macros) of the manual page of the command `program`, whose command line
// `app` parses, at `version` ("0.3.0"; "vlae 0.3.0", as App::version() gives it, is taken too).
// Sections: NAME (from the root's description), SYNOPSIS, DESCRIPTION, OPTIONS (the root's own),
// COMMANDS (one subsection per runnable subcommand, by its full path: its description, a usage
// line, then each positional and option with its names, the value type, choices or range CLI11
// shows, its description, whether it is required and its default), EXIT STATUS, ENVIRONMENT,
// FILES and SEE ALSO. Hidden options and subcommands (an empty group) are left out.
std::string man_page(const CLI::App& app, const std::string& program, const std::string& version);

}  // namespace vlae::cli
