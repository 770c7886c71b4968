#include "core/train/dist_config.h"

#include <cmath>
#include <cstdlib>

#include "core/common/error.h"

namespace vlae {

namespace {
// Whole decimal number or nothing: "2x", "", "1e3" are refused rather than read as a prefix.
bool parse_int(const std::string& s, long long& out) {
  if (s.empty() || s.size() > 12) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  out = std::stoll(s);
  return true;
}

int env_int(const char* name, const char* value) {
  long long v = 0;
  if (!parse_int(value, v) || v < -1000000 || v > 1000000)
    throw usage_error(std::string(name) + "='" + value + "' is not a whole number");
  return int(v);
}
}  // namespace

void parse_host_port(const std::string& text, const std::string& what, std::string& host, int& port) {
  const std::string hint = what + " must be HOST:PORT (e.g. 127.0.0.1:29500), not '" + text + "'";
  std::string port_text;
  if (!text.empty() && text[0] == '[') {  // [::1]:29500
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') throw usage_error(hint);
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) throw usage_error(hint);
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  long long p = 0;
  if (host.empty() || !parse_int(port_text, p)) throw usage_error(hint);
  if (p < 1 || p > 65535) throw usage_error(what + ": port " + port_text + " is not in 1..65535");
  port = int(p);
}

DistConfig resolve_dist_config(const DistArgs& flags, const std::function<const char*(const char*)>& getenv_fn) {
  auto env = [&](const char* name) -> const char* {
    const char* v = getenv_fn ? getenv_fn(name) : std::getenv(name);
    return (v && *v) ? v : nullptr;
  };
  DistConfig c;
  std::string world_src = "--world-size", rank_src = "--rank";
  std::optional<int> world = flags.world_size, rank = flags.rank;
  if (!world && env("WORLD_SIZE")) {
    world = env_int("WORLD_SIZE", env("WORLD_SIZE"));
    world_src = "WORLD_SIZE";
  }
  if (!rank && env("RANK")) {
    rank = env_int("RANK", env("RANK"));
    rank_src = "RANK";
  }
  if (!world) world = 1;
  if (*world < 1) throw usage_error(world_src + " must be at least 1, not " + std::to_string(*world));
  if (*world > 4096) throw usage_error(world_src + " must be at most 4096, not " + std::to_string(*world));
  if (rank && *rank < 0) throw usage_error(rank_src + " must be 0 or more, not " + std::to_string(*rank));
  if (!rank) {
    if (*world > 1) throw usage_error("--rank R (or RANK) is needed with " + world_src + " " + std::to_string(*world));
    rank = 0;
  }
  if (*rank >= *world)
    throw usage_error(rank_src + " " + std::to_string(*rank) + " must be below " + world_src + " " +
                      std::to_string(*world));
  c.world_size = *world;
  c.rank = *rank;

  if (flags.master) {
    parse_host_port(*flags.master, "--master", c.host, c.port);
  } else if (env("MASTER_ADDR") || env("MASTER_PORT")) {
    if (!env("MASTER_ADDR") || !env("MASTER_PORT"))
      throw usage_error(std::string(env("MASTER_ADDR") ? "MASTER_PORT" : "MASTER_ADDR") +
                        " is not set; set both MASTER_ADDR and MASTER_PORT, or give --master HOST:PORT");
    const std::string addr = env("MASTER_ADDR");
    const std::string joined =
        addr.find(':') != std::string::npos ? "[" + addr + "]:" + env("MASTER_PORT") : addr + ":" + env("MASTER_PORT");
    parse_host_port(joined, "MASTER_ADDR:MASTER_PORT", c.host, c.port);
  } else if (*world > 1) {
    throw usage_error("--master HOST:PORT (or MASTER_ADDR and MASTER_PORT) is needed with " + world_src + " " +
                      std::to_string(*world));
  }

  if (flags.timeout_s) {
    const double t = *flags.timeout_s;
    if (!std::isfinite(t) || t <= 0 || t > 86400)
      throw usage_error("--dist-timeout must be in (0, 86400] seconds, not " + std::to_string(t));
    c.timeout_s = t;
  }
  return c;
}

void check_world_divides_batch(int world_size, int64_t batch) {
  if (world_size > 1 && batch % world_size != 0)
    throw usage_error("world size " + std::to_string(world_size) + " does not divide the batch of " +
                      std::to_string(batch) +
                      " images per step: each rank takes batch / world size of them; "
                      "choose a --batch that is a multiple of " +
                      std::to_string(world_size));
}

}  // namespace vlae
