#pragma once
// An attribute direction in one layer's code space: the mean posterior code of the images whose
// label (the class, or a known factor) is B minus that of the images labelled A, as GANSpace- and
// InterFaceGAN-style tools find them. Moving a code along it asks the layer "what makes an A a B?";
// a layer that holds no part of the attribute gives a direction that changes little. Also the unit
// normal of a logistic probe that separates A from B in that layer, a second estimate of the same.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/dataset.h"
#include "core/explore/grid_file.h"
#include "core/explore/latent_code.h"
#include "core/model/latent_model.h"

namespace vlae {

struct AttributeDirection {
  int layer = 0;                    // 0-based, bottom = 0
  std::string attribute = "class";  // "class", or a factor name of the data set
  int64_t from = 0, to = 0;         // the label values A and B
  size_t count_from = 0, count_to = 0;
  std::vector<float> mean_from, mean_to;
  std::vector<float> direction;     // mean_to - mean_from
  std::vector<float> probe_normal;  // unit length, pointing from A towards B
  double probe_accuracy = 0;        // of that probe on the same images
};

// The direction from the images of `data` labelled `from` to those labelled `to` (at most
// `max_per_label` of each, chosen with `seed`). Throws a usage error naming the label when the data
// set has no such labels, or no image with one of the two values.
AttributeDirection attribute_direction(Model& model, const Dataset& data, int layer, const std::string& attribute,
                                       int64_t from, int64_t to, size_t max_per_label, uint64_t seed);

// `code` with layer `d.layer` moved by t times the direction.
LatentCode moved_along(const LatentCode& code, const AttributeDirection& d, double t);

// n rows of n images: each row a code drawn from the prior (`seed`), moved along the direction by
// t = linspace(-range, range, n) (t = 1 moves it by the whole difference of the two means); the
// sidecar holds every cell's code and t.
Grid direction_grid(Model& model, const AttributeDirection& d, int n, double range, uint64_t seed);

nlohmann::json to_json(const AttributeDirection& d);
// Throws a usage error naming `origin` for a file that is not such a direction.
AttributeDirection direction_from_json(const nlohmann::json& j, const std::string& origin);

}  // namespace vlae
