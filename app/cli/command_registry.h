#pragma once
// Each `vlae` subcommand registers itself from its own file: the options it binds and what runs
// it. main() builds the CLI11 tree from the registry, parses once, and runs the chosen command.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace vlae::cli {

// Runs a parsed subcommand; returns the exit status (errors propagate as vlae::Error).
using CommandRun = std::function<int()>;
// Adds a subcommand's options to `cmd`, bound to state the returned runner owns.
using CommandSetup = std::function<CommandRun(CLI::App& cmd)>;

struct CommandSpec {
  std::string path;    // "train", or "data fetch" for a subcommand of the group "data"
  std::string about;   // one line for --help
  int order = 0;       // --help lists the subcommands by this, then by path
  CommandSetup setup;  // empty for a group, which needs one of its subcommands
};

// Called from a static initialiser in each command's file; returns true so it can initialise one.
bool register_command(CommandSpec spec);

// Adds every registered subcommand to `app`; returns each runnable one with its runner.
std::vector<std::pair<CLI::App*, CommandRun>> build_commands(CLI::App& app);

}  // namespace vlae::cli
