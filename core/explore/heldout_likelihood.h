#pragma once
// The held-out log-likelihood of a model, bounded from below by importance weighting (Burda et
// al., IWAE): log p(x) >= E[log (1/K) sum_k p(x, z_k) / q(z_k | x)], tighter as K grows, the ELBO
// at K = 1. Reported as the negative, in nats per image and in bits per pixel-channel, so models of
// different hierarchies (VLAE, HVAE, VAE) can be compared on the same images.
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/model/latent_model.h"

namespace vlae {

struct HeldoutLikelihood {
  double nll_nats = 0;      // mean over the images of -log p(x) (its IWAE upper bound)
  double bits_per_dim = 0;  // nll_nats / (pixels x channels x ln 2)
  int samples = 0;          // K
  int images = 0;
};

// The bound over `indices` of `data` with K samples per image; the noise is a function of `seed`
// and the image's position in `indices`, so a report is reproducible.
HeldoutLikelihood heldout_likelihood(Model& model, const Dataset& data, const std::vector<int64_t>& indices, int k,
                                     uint64_t seed);

}  // namespace vlae
