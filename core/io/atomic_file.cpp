#include "core/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/common/error.h"

namespace vlae {
namespace fs = std::filesystem;

namespace {
std::string errno_text() { return std::strerror(errno); }

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(const std::string& path) : path_(path) {
  // Renaming over a device or a folder would replace it (as root, /dev/null itself): refuse.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw Error(path +
                (S_ISDIR(st.st_mode) ? ": is a folder, not a file" : ": is not a regular file; give a file path"));
  std::random_device rd;
  tmp_ = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(path + ": cannot write (" + errno_text() + ")");
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicFileWriter::write_at(uint64_t offset, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd_, p + done, size - done, off_t(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(path_ + ": write failed (" + (n < 0 ? errno_text() : std::string("no space written")) + ")");
    done += size_t(n);
  }
}

void AtomicFileWriter::write(const void* data, size_t size) {
  const off_t end = ::lseek(fd_, 0, SEEK_END);
  if (end < 0) throw Error(path_ + ": write failed (" + errno_text() + ")");
  write_at(uint64_t(end), data, size);
}

void AtomicFileWriter::commit() {
  const int fd = fd_;
  fd_ = -1;  // from here on the destructor has nothing to close
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": could not flush to disk (" + why + ")");
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": could not replace file (" + why + ")");
  }
  fsync_dir(fs::path(path_).parent_path());
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
  AtomicFileWriter out(path);
  out.write(bytes.data(), bytes.size());
  out.commit();
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file");
  if (fs::is_directory(path, ec)) throw Error(path + ": is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create folder (" + ec.message() + ")");
  if (!fs::is_directory(dir)) throw Error(dir + ": exists and is not a folder");
  if (::access(dir.c_str(), W_OK) != 0) throw Error(dir + ": folder is not writable");
}

}  // namespace vlae
