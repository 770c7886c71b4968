#pragma once
// Shell completion scripts for `vlae`, generated from the finished CLI11 command tree, so that
// they always offer the subcommands and options the binary really has. `vlae completions SHELL`
// prints one (see cmd_completions.cpp).
#include <CLI/CLI.hpp>

#include <string>

namespace vlae::cli {

// The completion script for `shell` ("bash", "zsh" or "fish") of the command `program`, whose
// command line `app` parses. For each (sub)command it completes the subcommand names, the long
// options (with their descriptions in zsh and fish), the choices of options checked with
// CLI::IsMember, and file or folder names for options and positionals whose names or
// descriptions say they take a path (--out, --resume, --data-dir, --preset, run, ...).
// Throws std::invalid_argument for any other shell.
std::string completion_script(const CLI::App& app, const std::string& shell, const std::string& program);

}  // namespace vlae::cli
