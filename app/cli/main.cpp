// `vlae`: the command-line face of vlae-explorer. Builds the subcommands each cmd_*.cpp registers,
// parses, runs the chosen one, and maps errors to exit codes: 0 success, 1 runtime error (bad
// file, bad data), 2 usage error; errors are one stderr line.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include <c10/util/Exception.h>

#include "app/cli/command_registry.h"
#include "core/common/cpu_features.h"
#include "core/common/error.h"
#include "core/common/malloc_tuning.h"
#include "core/common/startup_environment.h"

VLAE_STARTUP_ENVIRONMENT_AT_LOAD

namespace {
int fail(const std::string& message, int code) {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::cerr << "vlae: error: " << line << std::endl;
  return code;
}
}  // namespace

int main(int argc, char** argv) {
  vlae::keep_freed_memory_for_reuse();
  CLI::App app{"vlae: train and explore Variational Ladder Autoencoders"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  app.set_version_flag("--version", std::string("vlae ") + VLAE_VERSION);
  const auto commands = vlae::cli::build_commands(app);

  if (*vlae::vlae_cpu_isa_setting_error() != '\0') return fail(vlae::vlae_cpu_isa_setting_error(), 2);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ValidationError& e) {
    // CLI11 writes "--n: must be ..."; the range checks' sentences read "--n must be ...".
    std::string message = e.what();
    if (const size_t colon = message.find(": must be "); colon != std::string::npos) message.erase(colon, 1);
    return fail(message, 2);
  } catch (const CLI::ParseError& e) {
    return fail(e.what(), 2);
  }

  try {
    for (const auto& [cmd, run] : commands)
      if (cmd->parsed()) return run();
  } catch (const vlae::Error& e) {
    return fail(e.what(), e.kind() == vlae::ErrorKind::Usage ? 2 : 1);
  } catch (const c10::Error& e) {
    return fail(e.what_without_backtrace(), 1);
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
  return 0;
}
