// Totals and stages of several product files, or of one file under named sets of parameter values
// (`pcf compare`, docs/sensitivity.md), with the differences of each against the first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/limits.h"
#include "engine/core/parameter_overrides.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"

namespace pcf {

struct ComparisonCase {
  std::string label;         // the file's name, or the scenario's
  std::string product_path;
  ParameterOverrides overrides;  // a scenario's values ({} for a file as written)
};

// "NAME:KEY=VALUE,KEY=VALUE" (`--scenario`). Throws Error(kUsage) naming the option for a missing name or
// ':', and for the settings as ParseParameterOverrides does.
ComparisonCase ParseScenario(const std::string& text, const std::string& product_path);

struct ComparisonRow {
  std::string label, product_path, product_id, product_name, declared_unit;
  ParameterOverrides overrides;
  double total = 0;
  double difference = 0;                 // total − the first row's total
  std::optional<double> relative;        // difference / the first total (none when that is 0)
  std::vector<double> stages;            // per Comparison::stages (0 where the row has no such stage)
  std::vector<double> stage_differences;  // against the first row
};

struct Comparison {
  std::string indicator, unit;
  std::vector<std::string> stages;  // declared stages of any row, in EN 15804 order
  std::vector<ComparisonRow> rows;  // the first is the reference
  bool declared_units_differ = false;
};

// Throws Error (file, line, field) for a file that cannot be calculated, Error(kUsage) for fewer than two
// cases or cases that use different indicators (their totals are not comparable).
Comparison CompareProducts(const std::vector<ComparisonCase>& cases, const StoredModel& database, SolveMethod solver,
                           const Limits& limits);

}  // namespace pcf
