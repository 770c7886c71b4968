// The arithmetic behind the explorer's questions (directions, selections, latent arithmetic,
// per-dim KL, nearest neighbours) on hand-made codes and images whose answers are known.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "core/common/error.h"
#include "core/common/polygon.h"
#include "core/explore/code_direction.h"
#include "core/explore/code_statistics.h"
#include "core/explore/nearest_images.h"

using namespace vlae;

TEST_CASE("a box and a concave lasso enclose exactly the points inside them") {
  const std::vector<Point2> box{{0, 0}, {2, 0}, {2, 1}, {0, 1}};
  const std::vector<Point2> points{{1, 0.5f}, {3, 0.5f}, {1, 1.5f}, {-0.1f, 0.5f}, {1.9f, 0.9f}};
  CHECK(points_inside(box, points) == std::vector<size_t>{0, 4});
  // A U shape: its notch (1.5, 1.5) is outside though it lies within the bounding box.
  const std::vector<Point2> u{{0, 0}, {3, 0}, {3, 2}, {2, 2}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  CHECK(inside_polygon(u, {0.5f, 1.5f}));
  CHECK_FALSE(inside_polygon(u, {1.5f, 1.5f}));
  CHECK(inside_polygon(u, {1.5f, 0.5f}));
  CHECK_FALSE(inside_polygon({{0, 0}, {1, 1}}, {0.5f, 0.5f}));  // two points enclose nothing
}

TEST_CASE("the mean of a selection and latent arithmetic, layer by layer") {
  const std::vector<LatentCode> codes{{{0, 0}, {1}}, {{2, 4}, {3}}, {{10, 10}, {10}}};
  const LatentCode mean = mean_code(codes, {0, 1});
  CHECK(mean == LatentCode{{1, 2}, {2}});
  CHECK_THROWS_AS(mean_code(codes, {}), Error);

  const LatentCode base{{9, 9}, {9}}, a{{1, 2}, {3}}, b{{1, 1}, {1}}, c{{0, 5}, {7}};
  CHECK(code_arithmetic(base, a, b, c, {true, true}) == LatentCode{{0, 6}, {9}});
  CHECK(code_arithmetic(base, a, b, c, {false, true}) == LatentCode{{9, 9}, {9}});  // only z2: 3 - 1 + 7
  CHECK(code_arithmetic(base, a, b, c, {true, false}) == LatentCode{{0, 6}, {9}});
  CHECK_THROWS_AS(code_arithmetic(base, a, LatentCode{}, c, {true, true}), Error);
}

TEST_CASE("per-dim KL matches the Gaussian formula and orders the dims") {
  // Dim 1: mean 0, sd 1 (the prior: KL 0); dim 2: mean 2, sd 0.5.
  const std::vector<LatentCode> means{{{0, 2}}, {{0, 2}}}, sds{{{1, 0.5f}}, {{1, 0.5f}}};
  const auto kl = kl_per_dim(means, sds);
  REQUIRE(kl.size() == 1);
  CHECK(kl[0][0] == doctest::Approx(0.0));
  CHECK(kl[0][1] == doctest::Approx(0.5 * (4 + 0.25 - 1) - std::log(0.5)));
  CHECK(dims_by_value({0.1, 3.0, 0.5}) == std::vector<int>{1, 2, 0});
  CHECK(dims_by_value({1.0, 1.0}) == std::vector<int>{0, 1});  // ties keep their order
}

TEST_CASE("nearest codes in one layer, nearest first") {
  const std::vector<LatentCode> codes{{{0, 0}, {5}}, {{3, 4}, {0}}, {{1, 0}, {9}}};
  const auto found = nearest_codes(codes, {0, 0}, 0, 2);
  REQUIRE(found.size() == 2);
  CHECK(found[0].first == 0);
  CHECK(found[1].first == 2);
  CHECK(found[1].second == doctest::Approx(1.0));
  CHECK(nearest_codes(codes, {0}, 1, 1).front().first == 1);  // layer 2 alone decides
  CHECK(nearest_codes(codes, {0}, 1, 10).size() == 3);
}

TEST_CASE("a direction is the difference of the two groups' means, with a probe normal of unit length") {
  std::vector<LatentCode> a, b;
  for (int i = 0; i < 20; ++i) {
    const float jitter = float(i % 5) * 0.1f;
    a.push_back({{-1.0f + jitter, 0.5f}, {0.0f}});
    b.push_back({{1.0f + jitter, 0.5f}, {0.0f}});
  }
  const AttributeDirection d = direction_between(a, b, 0);
  CHECK(d.count_from == 20);
  CHECK(d.direction[0] == doctest::Approx(2.0));
  CHECK(d.direction[1] == doctest::Approx(0.0));
  CHECK(d.probe_accuracy == doctest::Approx(1.0));
  CHECK(std::hypot(d.probe_normal[0], d.probe_normal[1]) == doctest::Approx(1.0));
  CHECK(d.probe_normal[0] > 0.9);
  // Moving a code along it changes only that layer, by t times the direction.
  const LatentCode moved = moved_along({{0, 0}, {7}}, d, 0.5);
  CHECK(moved[0][0] == doctest::Approx(1.0));
  CHECK(moved[1][0] == 7.0f);
  // The same direction read back from its JSON.
  const AttributeDirection back = direction_from_json(to_json(d), "d.json");
  CHECK(back.direction == d.direction);
  CHECK_THROWS_AS(direction_between(a, {}, 0), Error);
}

TEST_CASE("class labels and factor values name the groups; an unknown attribute is refused") {
  Dataset data;
  data.channels = data.height = data.width = 1;
  data.pixels = std::vector<uint8_t>{0, 1, 2};
  data.labels = {4, 5, 4};
  data.factor_names = {"shape"};
  data.factors = {0, 1, 1};
  CHECK(attribute_labels(data, "class") == std::vector<int64_t>{4, 5, 4});
  CHECK(attribute_labels(data, "shape") == std::vector<int64_t>{0, 1, 1});
  CHECK_THROWS_WITH_AS(attribute_labels(data, "colour"), doctest::Contains("it has: class, shape"), Error);
}

TEST_CASE("nearest training images in pixel space") {
  Dataset data;
  data.channels = 1;
  data.height = 1;
  data.width = 2;
  data.pixels = std::vector<uint8_t>{0, 0, 255, 255, 100, 100, 250, 255};
  Image query{2, 1, 1, {255, 255}};
  const Neighbours n = nearest_images(data, query, 2, 1000);
  REQUIRE(n.error.empty());
  CHECK(n.searched == 4);
  REQUIRE(n.found.size() == 2);
  CHECK(n.found[0].first == 1);
  CHECK(n.found[0].second == doctest::Approx(0.0));
  CHECK(n.found[1].first == 3);
  CHECK(n.found[1].second == doctest::Approx(std::sqrt(25.0 / 2) / 255.0));
  // A query of another size gets a message, not a crash.
  const Neighbours bad = nearest_images(data, Image{3, 1, 1, {0, 0, 0}}, 2, 1000);
  CHECK(bad.error.find("3x1x1") != std::string::npos);
  CHECK(bad.found.empty());
  // The job answers the same off the calling thread.
  NearestImagesJob job;
  job.request(std::make_shared<const Dataset>(data), query, 1, 1000);
  std::optional<Neighbours> answer;
  for (int i = 0; i < 500 && !answer; ++i) {
    answer = job.take();
    if (!answer) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(answer);
  CHECK(answer->found.front().first == 1);
}
