#include "core/data/image_folder.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/common/error.h"
#include "core/data/image_fit.h"
#include "core/data/pixel_cache.h"
#include "core/io/atomic_file.h"
#include "core/io/png_io.h"

namespace vlae {
namespace fs = std::filesystem;

namespace {

struct SourceFile {
  std::string path, relative;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

bool hidden(const fs::path& p) { return !p.filename().empty() && p.filename().string()[0] == '.'; }

std::vector<SourceFile> list_files(const fs::path& dir) {
  std::vector<SourceFile> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw Error(dir.string() + ": cannot list (" + ec.message() + ")");
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(dir.string() + ": cannot list (" + ec.message() + ")");
    if (hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    SourceFile f;
    f.path = it->path().string();
    f.relative = it->path().lexically_relative(dir).string();
    f.size = it->file_size(ec);
    const auto t = it->last_write_time(ec);
    f.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });
  return files;
}

// FNV-1a over the listing and the target format: any added, removed, resized or touched file
// (or another shape) gives another fingerprint, so a stale cache is rebuilt.
uint64_t fingerprint(const std::vector<SourceFile>& files, const FolderFormat& f) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(data)[i]) * 0x100000001b3ull;
  };
  for (const auto& file : files) {
    mix(file.relative.data(), file.relative.size() + 1);
    mix(&file.size, sizeof file.size);
    mix(&file.mtime_ns, sizeof file.mtime_ns);
  }
  const int shape[4] = {f.channels, f.height, f.width, f.crop};
  mix(shape, sizeof shape);
  return h;
}

std::string cache_name(const FolderFormat& f) {
  std::string name =
      ".vlae-cache-" + std::to_string(f.channels) + "x" + std::to_string(f.height) + "x" + std::to_string(f.width);
  if (f.crop > 0) name += "-crop" + std::to_string(f.crop);
  return name + ".u8";
}

// Per-user fallback when the data folder is read-only: one file per source folder.
std::optional<fs::path> user_cache_path(const fs::path& folder, const FolderFormat& f) {
  fs::path root;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    root = fs::path(x) / "vlae";
  else if (const char* home = std::getenv("HOME"); home && *home)
    root = fs::path(home) / ".cache" / "vlae";
  else
    return std::nullopt;
  std::error_code ec;
  const std::string abs = fs::absolute(folder, ec).lexically_normal().string();
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : abs) h = (h ^ ch) * 0x100000001b3ull;
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx", (unsigned long long)h);
  return root / (folder.filename().string() + "-" + tag + cache_name(f));
}

bool writable_dir(const fs::path& dir) {
  try {
    ensure_writable_dir(dir.string());
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Decodes every file in parallel, a chunk at a time, and hands the good images to `sink` in
// path order (so the result does not depend on the thread count). Returns the skipped count.
template <class Sink>
size_t decode_all(const std::vector<SourceFile>& files, const FolderFormat& f, std::string& first_problem, Sink sink) {
  const size_t image_bytes = size_t(f.channels) * f.height * f.width;
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  const size_t chunk = 64 * threads;
  std::vector<uint8_t> buffer(chunk * image_bytes);
  std::vector<std::string> problems(chunk);
  size_t skipped = 0;
  auto last_report = std::chrono::steady_clock::now();
  for (size_t start = 0; start < files.size(); start += chunk) {
    const size_t n = std::min(chunk, files.size() - start);
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i; (i = next++) < n;) {
        problems[i].clear();
        try {
          const Image img = fit_image(decode_image(read_file(files[start + i].path), f.channels, files[start + i].path),
                                      f.width, f.height, f.crop);
          to_planar(img, buffer.data() + i * image_bytes);
        } catch (const std::exception& e) {
          problems[i] = e.what();
          if (problems[i].empty()) problems[i] = files[start + i].path + ": unreadable";
        }
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < std::min(threads, n); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    // Good images are compacted to the front of the chunk, in order.
    size_t good = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!problems[i].empty()) {
        if (skipped++ == 0) first_problem = problems[i];
        continue;
      }
      if (good != i) std::copy_n(buffer.data() + i * image_bytes, image_bytes, buffer.data() + good * image_bytes);
      ++good;
    }
    sink(buffer.data(), good);
    // A long first decode (CelebA: minutes) must not look like a hang.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report > std::chrono::seconds(10)) {
      std::fprintf(stderr, "decoding %zu / %zu images...\n", start + n, files.size());
      last_report = now;
    }
  }
  return skipped;
}

std::string skipped_text(size_t skipped, const std::string& first_problem) {
  return std::to_string(skipped) + " file(s) skipped as unreadable or not images (first: " + first_problem + ")";
}

}  // namespace

Dataset load_image_folder(const std::string& folder, const FolderFormat& format, const std::string& name) {
  const fs::path dir(folder);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(folder + ": no such folder (from --data " + name + ")");
  if (!fs::is_directory(dir, ec))
    throw Error(folder + ": not a folder (" + name + " wants a folder of PNG/JPEG files)");
  const std::vector<SourceFile> files = list_files(dir);
  if (files.empty()) throw Error(folder + ": empty folder (no PNG/JPEG files in it or below)");

  Dataset d;
  d.name = name;
  d.channels = format.channels;
  d.height = format.height;
  d.width = format.width;
  const PixelCacheKey key{fingerprint(files, format), format.channels, format.height, format.width, format.crop};
  const size_t image_bytes = d.image_bytes();

  std::vector<fs::path> candidates{dir / cache_name(format)};
  if (auto user = user_cache_path(dir, format)) candidates.push_back(*user);
  for (const auto& path : candidates) {
    if (auto cache = open_pixel_cache(path.string(), key)) {
      d.pixels = std::move(cache->pixels);
      d.skipped_files = cache->skipped;
      d.note =
          "images from the cache " + path.string() +
          (cache->skipped ? " (" + std::to_string(cache->skipped) + " file(s) were skipped when it was built)" : "");
      return d;
    }
  }

  // Build: into the first writable place, else in memory.
  std::optional<fs::path> target;
  for (const auto& path : candidates)
    if (writable_dir(path.parent_path())) {
      target = path;
      break;
    }
  std::string first_problem;
  size_t count = 0;
  if (target) {
    PixelCacheWriter writer(target->string(), key);
    d.skipped_files = decode_all(files, format, first_problem, [&](const uint8_t* p, size_t n) {
      writer.append(p, n);
      count += n;
    });
    if (count > 0) {
      writer.finish(d.skipped_files);
      auto cache = open_pixel_cache(target->string(), key);
      if (!cache) throw Error(target->string() + ": cache just written cannot be read back");
      d.pixels = std::move(cache->pixels);
      d.note = "decoded " + std::to_string(count) + " images into the cache " + target->string() +
               (target->parent_path() != dir ? " (" + folder + " is not writable)" : "");
    }
  } else {
    std::vector<uint8_t> pixels;
    d.skipped_files = decode_all(files, format, first_problem, [&](const uint8_t* p, size_t n) {
      pixels.insert(pixels.end(), p, p + n * image_bytes);
      count += n;
    });
    d.pixels = std::move(pixels);
    d.note = "decoded " + std::to_string(count) + " images into memory: no writable cache folder (" + folder +
             " is read-only; set XDG_CACHE_HOME)";
  }
  if (count == 0)
    throw Error(folder + ": no readable images among " + std::to_string(files.size()) +
                " file(s) (first problem: " + first_problem + ")");
  if (d.skipped_files) d.note += "; " + skipped_text(d.skipped_files, first_problem);
  return d;
}

}  // namespace vlae
