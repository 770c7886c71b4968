#pragma once
// Kept for callers that include the loader on its own; the declaration lives in snapshot_info.h.
#include "core/explore/snapshot_info.h"
