#include "core/run/distributed_run.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace vlae {

DistStart share_start(DistGroup& group, const DistStart& start) {
  std::string message;
  if (group.is_root())
    message =
        nlohmann::json{{"config", to_json(start.config)}, {"target", start.target}, {"resume", start.resume}}.dump();
  message = group.broadcast_bytes(message);
  if (group.is_root()) return start;
  const auto j = nlohmann::json::parse(message);
  DistStart s;
  s.config = run_config_from_json(j.at("config"), "rank 0's config");
  s.target = j.at("target").get<int64_t>();
  s.resume = j.at("resume").get<bool>();
  return s;
}

std::unique_ptr<TrainingRun> open_on_all_ranks(DistGroup& group,
                                               const std::function<std::unique_ptr<TrainingRun>()>& open) {
  std::unique_ptr<TrainingRun> run;
  std::exception_ptr failure;
  try {
    run = open();
  } catch (...) {
    failure = std::current_exception();
  }
  // Slot r is 1 when rank r failed: everyone learns who, in one collective.
  torch::Tensor failed = torch::zeros({group.size()}, torch::kFloat64);
  failed[group.rank()] = failure ? 1.0 : 0.0;
  group.allreduce_sum(failed);
  if (failure) std::rethrow_exception(failure);
  std::string who;
  for (int r = 0; r < group.size(); ++r)
    if (failed[r].item<double>() > 0) who += (who.empty() ? "" : ", ") + std::to_string(r);
  if (!who.empty())
    throw Error("rank " + std::to_string(group.rank()) + " of " + std::to_string(group.size()) +
                ": stopping because rank " + who + " could not start the run (see its error)");
  return run;
}

void sync_run_from_rank0(DistGroup& group, TrainingRun& run, bool resume) {
  Trainer& t = *run.trainer;
  std::string bytes;
  if (group.is_root() && resume)
    bytes = checkpoint_bytes(t.config(), t.model(), &t.optimizer(), t.step_count(), run.wall_s);
  bytes = group.broadcast_bytes(bytes);
  if (!group.is_root() && !bytes.empty()) {
    const CheckpointPosition at =
        load_checkpoint_bytes_into(bytes, "rank 0's checkpoint", t.config(), t.model(), t.optimizer());
    t.set_step_count(at.step);
    run.wall_s = at.wall_s;
    run.saved_step = t.step_count();
  }
  t.sync_from_rank0();
}

}  // namespace vlae
