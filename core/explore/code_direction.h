#pragma once
// An attribute direction in one layer's code space: the mean code of the images whose label (the
// class, or a known factor) is B minus that of the images labelled A, as GANSpace- and
// InterFaceGAN-style tools find them. Moving a code along it asks the layer "what makes an A a B?";
// a layer that holds no part of the attribute gives a direction that changes little. Also the unit
// normal of a logistic probe that separates A from B in that layer, a second estimate of the same.
// Torch-free: the explorer computes directions from the codes its pads already hold, the CLI from
// codes it encodes (attribute_direction.h).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/dataset.h"
#include "core/explore/latent_code.h"

namespace vlae {

struct AttributeDirection {
  int layer = 0;                    // 0-based, bottom = 0
  std::string attribute = "class";  // "class", a factor name of the data set, or "selection"
  int64_t from = 0, to = 0;         // the label values A and B
  size_t count_from = 0, count_to = 0;
  std::vector<float> mean_from, mean_to;
  std::vector<float> direction;     // mean_to - mean_from
  std::vector<float> probe_normal;  // unit length, pointing from A towards B
  double probe_accuracy = 0;        // of that probe on the same images
};

// The labels of each image of `data` under `attribute` ("class" or a factor name); throws a usage
// error naming the attribute when the data set has no such labels.
std::vector<int64_t> attribute_labels(const Dataset& data, const std::string& attribute);

// The direction from codes A to codes B (layer `layer` of each); throws a usage error when either
// group is empty.
AttributeDirection direction_between(const std::vector<LatentCode>& a, const std::vector<LatentCode>& b, int layer);

// `code` with layer `d.layer` moved by t times the direction.
LatentCode moved_along(const LatentCode& code, const AttributeDirection& d, double t);

nlohmann::json to_json(const AttributeDirection& d);
// Throws a usage error naming `origin` for a file that is not such a direction.
AttributeDirection direction_from_json(const nlohmann::json& j, const std::string& origin);

}  // namespace vlae
