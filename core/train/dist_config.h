#pragma once
// Who this process is in a data-parallel run: world size, rank and the rendezvous address, from
// `vlae train` flags or, where a flag is absent, the usual launcher variables WORLD_SIZE, RANK,
// MASTER_ADDR and MASTER_PORT. Plain values, no torch: the CLI checks them before loading anything.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace vlae {

constexpr double kDefaultDistTimeoutS = 60;

struct DistArgs {  // as given on the command line; empty: not given
  std::optional<int> world_size, rank;
  std::optional<std::string> master;  // HOST:PORT
  std::optional<double> timeout_s;
};

struct DistConfig {
  int world_size = 1;
  int rank = 0;
  std::string host;  // rank 0's address; rank 0 serves the rendezvous store there
  int port = 0;
  double timeout_s = kDefaultDistTimeoutS;  // connecting, and any one collective, may take this long
  bool enabled() const { return world_size > 1; }
};

// Flags win over the environment. Throws a usage error naming the flag or variable at fault.
DistConfig resolve_dist_config(const DistArgs& flags,
                               const std::function<const char*(const char*)>& getenv_fn = nullptr);
// "HOST:PORT" or "[IPv6]:PORT" -> host, port; `what` names the source in the error.
void parse_host_port(const std::string& text, const std::string& what, std::string& host, int& port);
// Each rank takes batch / world_size rows of every global batch: refuses a world size that does not divide it.
void check_world_divides_batch(int world_size, int64_t batch);

}  // namespace vlae
