// Looking inside a database: search, one process with its exchanges and sources, summary, and the
// checks of `pcf db check`. Pure functions over a loaded model (no printing).
#pragma once

#include <string>
#include <vector>

#include "engine/db/model_store.h"

namespace pcf {

// Processes whose id, names (English or Chinese), product, category or region contain every word of
// `query` (ASCII case-insensitive). Rows in index order.
std::vector<std::size_t> SearchProcesses(const StoredModel& stored, const std::string& query);

// Text: one process with metadata, its inputs, outputs and emissions, each with the factors it came from.
std::string FormatProcess(const StoredModel& stored, std::size_t process_row);

// Text summary: name, version, content hash, counts, methods, factors by confidence, sources.
std::string FormatDatabaseInfo(const StoredModel& stored);

struct CheckItem {
  std::string name;
  bool passed = false;
  std::string detail;
};

// Runs every check of `pcf db check`: SQLite integrity, content hash (done by loading), every process
// solvable with a finite result, every exchange with a source, every factor with a source, and the
// plausibility ranges. `integrity` is IntegrityCheck()'s answer.
std::vector<CheckItem> CheckDatabase(const StoredModel& stored, const std::string& integrity);

}  // namespace pcf
