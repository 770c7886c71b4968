#pragma once
// JSON Lines files (RUN/metrics.jsonl, RUN/hierarchy.jsonl): one object per line, appended as a
// run goes, read back skipping the lines a crash tore or a hand damaged.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace vlae {

// Calls `take` with each line parsed as JSON; a line that does not parse, or that `take` throws
// on, is skipped. A missing file has no lines.
void for_each_json_line(const std::string& path, const std::function<void(const nlohmann::json&)>& take);

// Appends one line and flushes it, so a reader sees whole lines only; throws vlae::Error naming
// `path` and `what` when it cannot.
void append_json_line(const std::string& path, const nlohmann::json& value, const std::string& what);

}  // namespace vlae
