#pragma once
// Crash-safe file writes: data goes to a temp file in the same folder, is fsynced, then renamed
// over the target (and the folder fsynced), so a reader sees the old file or the new one, never half.
#include <string>
#include <string_view>
#include <cstddef>
#include <cstdint>

namespace vlae {

void write_file_atomic(const std::string& path, std::string_view bytes);

// The same guarantee for a file too big to hold in memory: written in pieces to a temp file that
// replaces `path` only on commit(). Dropped (temp removed) when destroyed uncommitted.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(const void* data, size_t size);                      // appends
  void write_at(uint64_t offset, const void* data, size_t size);  // e.g. a header known only at the end
  void commit();                                                  // fsync, rename, fsync the folder

 private:
  std::string path_, tmp_;
  int fd_ = -1;
};
std::string read_file(const std::string& path);  // throws vlae::Error naming the path
// Creates the folder (and parents); throws a clear error when it cannot or it is not writable.
void ensure_writable_dir(const std::string& dir);

}  // namespace vlae
