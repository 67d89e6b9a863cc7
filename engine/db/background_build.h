// Builds the background database model from `factors/` (CSV with provenance) and `data/` (YAML
// processes). Format: docs/background-data.md. Deterministic: files are read in name order and the
// result depends only on their content.
#pragma once

#include <filesystem>

#include "engine/core/closest_id.h"  // ClosestId, used with the builder's ids
#include "engine/system/model.h"

namespace pcf {

struct BackgroundModel {
  Model model;
  ModelInfo info;
};

// Throws Error naming the file, line and field for anything wrong: malformed CSV or YAML, unknown keys,
// duplicate ids, unknown products, flows or factors (with the closest ids), unit mismatches, amounts that
// do not evaluate, exchanges without a source, plausibility ranges that name unknown products.
BackgroundModel BuildBackground(const std::filesystem::path& factors_dir, const std::filesystem::path& data_dir);

}  // namespace pcf
