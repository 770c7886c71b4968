#include "core/run/run_source.h"

namespace vlae {

const char* to_string(RunState s) {
  switch (s) {
    case RunState::Idle:
      return "idle";
    case RunState::Running:
      return "running";
    case RunState::Paused:
      return "paused";
    case RunState::Stopped:
      return "stopped";
    case RunState::Failed:
      return "failed";
  }
  return "?";
}

const char* to_string(RunKind k) {
  switch (k) {
    case RunKind::Training:
      return "training";
    case RunKind::Following:
      return "following";
    case RunKind::Viewing:
      return "viewing";
  }
  return "?";
}

}  // namespace vlae
