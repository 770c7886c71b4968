// The codes and weights out to other tools: posterior tables, interpolation, own image files, and
// the .safetensors export read back by Debian's NumPy.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "core/common/error.h"
#include "core/data/image_files.h"
#include "core/data/registry.h"
#include "core/explore/interpolation.h"
#include "core/explore/posterior_codes.h"
#include "core/explore/principal_axes.h"
#include "core/io/png_io.h"
#include "core/model/config.h"
#include "core/run/safetensors_export.h"
#include "test_support.h"

using namespace vlae;
using namespace vlae::test;

namespace {
std::string run_command(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  CHECK(pclose(pipe) == 0);
  return out;
}
}  // namespace

TEST_CASE("the safetensors export reads back with NumPy alone, every tensor as LibTorch holds it") {
  TempDir tmp("codes-safetensors");
  RunConfig config = load_run_config(tiny_config_path());
  Model model = make_model(config.model);
  const std::string path = tmp / "w.safetensors";
  export_safetensors(path, config, model, 17);
  const std::string out =
      run_command(std::string(VLAE_TEST_PYTHON) + " " + VLAE_TEST_SOURCE_DIR + "/tools/read_safetensors.py " + path);
  std::istringstream lines(out);
  std::string first;
  std::getline(lines, first);
  CHECK(first == "config tiny step 17");
  std::map<std::string, torch::Tensor> expected;
  for (const auto& p : model->named_parameters()) expected[p.key()] = p.value();
  for (const auto& b : model->named_buffers()) expected[b.key()] = b.value();
  size_t seen = 0;
  std::string name, shape;
  double sum = 0, squares = 0;
  while (lines >> name >> shape >> sum >> squares) {
    CAPTURE(name);
    REQUIRE(expected.count(name) == 1);
    const torch::Tensor t = expected[name].to(torch::kDouble);
    CHECK(sum == doctest::Approx(t.sum().item<double>()).epsilon(1e-9));
    CHECK(squares == doctest::Approx((t * t).sum().item<double>()).epsilon(1e-9));
    ++seen;
  }
  CHECK(seen == expected.size());
}

TEST_CASE("posterior codes as CSV: a header naming every column, one row per image") {
  TempDir tmp("codes-csv");
  write_synthetic_idx_folder(tmp / "data", 40);
  RunConfig config = tiny_config(tmp / "data");
  Model model = make_model(config.model);
  const DataSplit split = load_data(config.data, "", ImageShape{1, 28, 28});
  const PosteriorCodes codes = encode_posteriors(model, split.heldout, {0, 1, 2}, "test");
  const std::string csv = to_csv(codes);
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header == "image,label,z1_1,z1_2,z2_1,z2_2,z3_1,z3_2,z1_1_sd,z1_2_sd,z2_1_sd,z2_2_sd,z3_1_sd,z3_2_sd");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
  CHECK(csv.find("\ntest:2,") != std::string::npos);
  for (const LatentCode& sd : codes.sds)
    for (const auto& layer : sd)
      for (float v : layer) CHECK(v > 0);
  const auto j = to_json(codes);
  CHECK(j["images"].size() == 3);
  CHECK(j["images"][1]["mean"].size() == 3);
}

TEST_CASE("interpolation moves only the chosen layers; slerp keeps the norm between codes of equal norm") {
  const LatentCode a{{1, 0}, {0, 0}, {2, 2}}, b{{0, 1}, {4, 4}, {-2, -2}};
  const std::vector<bool> middle{false, true, false};
  CHECK(interpolate_code(a, b, 0.0, {true, true, true}, false) == a);
  CHECK(interpolate_code(a, b, 1.0, {true, true, true}, false) == b);
  const LatentCode half = interpolate_code(a, b, 0.5, middle, false);
  CHECK(half[0] == a[0]);
  CHECK(half[1] == std::vector<float>{2, 2});
  CHECK(half[2] == a[2]);
  const LatentCode arc = interpolate_code(a, b, 0.5, {true, false, false}, true);
  CHECK(std::hypot(arc[0][0], arc[0][1]) == doctest::Approx(1.0));
  CHECK(arc[0][0] == doctest::Approx(std::sqrt(0.5)));
  CHECK(parse_layer_list("all", 3) == std::vector<int>{0, 1, 2});
  CHECK(parse_layer_list("3,1", 3) == std::vector<int>{2, 0});
  CHECK_THROWS_WITH_AS(parse_layer_list("1,4", 3), doctest::Contains("'4' is not a layer of this model"), Error);
  CHECK_THROWS_WITH_AS(parse_layer_list("x", 3), doctest::Contains("'x' is not a layer"), Error);
}

TEST_CASE("own image files are prepared as the run's data: any size and colour to its shape; bad files named") {
  TempDir tmp("codes-files");
  Image colour;
  colour.width = 50;
  colour.height = 30;
  colour.channels = 3;
  colour.pixels.assign(size_t(50) * 30 * 3, 0);
  for (int y = 0; y < 30; ++y)
    for (int x = 20; x < 30; ++x) colour.pixels[(size_t(y) * 50 + x) * 3 + 1] = 255;  // a green bar
  write_png(tmp / "bar.png", colour);
  { std::ofstream(tmp / "text.png") << "not an image"; }
  const ImageFilesResult r =
      load_image_files({tmp / "bar.png", tmp / "text.png", tmp / "missing.png"}, ImageShape{1, 28, 28}, 0);
  REQUIRE(r.images.size() == 1);
  CHECK(r.names == std::vector<std::string>{tmp / "bar.png"});
  CHECK(r.images.channels == 1);
  // The bar stays in the middle columns after the centre crop and resize.
  const uint8_t* px = r.images.image(0);
  CHECK(px[14 * 28 + 14] > 100);
  CHECK(px[14 * 28 + 1] < 20);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].find("text.png") != std::string::npos);
  CHECK(r.errors[1].find("missing.png: no such file") != std::string::npos);
}

TEST_CASE("principal axes find the directions of most variance, orthogonal, the larger first") {
  // Points spread 3x more along (1, 1, 0)/sqrt2 than along (0, 0, 1), and not at all along (1, -1, 0).
  std::vector<std::vector<float>> points;
  std::mt19937_64 rng(3);
  std::normal_distribution<float> n(0, 1);
  for (int i = 0; i < 2000; ++i) {
    const float a = 3 * n(rng), b = n(rng);
    points.push_back({5 + a / std::sqrt(2.0f), -1 + a / std::sqrt(2.0f), 2 + b});
  }
  const PrincipalAxes p = principal_axes(points);
  CHECK(p.mean[0] == doctest::Approx(5).epsilon(0.05));
  CHECK(std::fabs(p.axes[0][0]) == doctest::Approx(std::sqrt(0.5)).epsilon(0.01));
  CHECK(std::fabs(p.axes[0][1]) == doctest::Approx(std::sqrt(0.5)).epsilon(0.01));
  CHECK(std::fabs(p.axes[1][2]) == doctest::Approx(1).epsilon(0.01));
  double dot = 0;
  for (int i = 0; i < 3; ++i) dot += double(p.axes[0][size_t(i)]) * p.axes[1][size_t(i)];
  CHECK(std::fabs(dot) < 1e-4);
  CHECK(p.variance[0] == doctest::Approx(9).epsilon(0.1));
  CHECK(p.variance[1] == doctest::Approx(1).epsilon(0.1));
}
