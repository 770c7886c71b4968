#pragma once
// Crash-safe file writes: data goes to a temp file in the same folder, is fsynced, then renamed
// over the target (and the folder fsynced), so a reader sees the old file or the new one, never half.
#include <string>
#include <string_view>

namespace vlae {

void write_file_atomic(const std::string& path, std::string_view bytes);
std::string read_file(const std::string& path);  // throws vlae::Error naming the path
// Creates the folder (and parents); throws a clear error when it cannot or it is not writable.
void ensure_writable_dir(const std::string& dir);

}  // namespace vlae
