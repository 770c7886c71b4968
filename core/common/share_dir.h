#pragma once
// Where the programs' read-only data lives: presets/, shaders/ and fonts/ in share/vlae-explorer,
// found from the running executable, not from the working directory or a path fixed at build time.
// An install puts it beside bin/ (PREFIX/bin/vlae, PREFIX/share/vlae-explorer); a build tree lays
// out the same folder (build/app/vlae, build/share/vlae-explorer), so both work from anywhere.
#include <filesystem>
#include <string>

namespace vlae {

// The folder of the running executable (/proc/self/exe); empty where it cannot be read.
std::filesystem::path executable_dir();

// $VLAE_SHARE_DIR when set, else share/vlae-explorer as seen from the executable's folder or one of
// its parents (test programs sit a level or two deeper than the programs); empty where none exists.
std::filesystem::path share_dir();

// One folder of it ("presets"). Throws a usage error that names where it looked, and `env_var`,
// which the caller reads first to let a user point elsewhere, when the folder is not there.
std::filesystem::path share_subdir(const std::string& name, const std::string& env_var);

}  // namespace vlae
