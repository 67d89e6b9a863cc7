// One-at-a-time sensitivity of a product footprint (`pcf sensitivity`, docs/sensitivity.md): every parameter
// and every foreground amount changed by +δ and −δ on its own, the file re-evaluated, linked and solved
// again, and the elasticity of the total ((ΔT/T)/(Δx/x)) from the two runs; and the allocation of the
// multi-output processes recomputed with mass and economic allocation beside the file's own choice.
#pragma once

#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/limits.h"
#include "engine/core/parameter_overrides.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"

namespace pcf {

struct SensitivityOptions {
  double delta = 0.1;  // relative change, 0 < δ < 1
  SolveMethod solver = SolveMethod::kBlockTriangular;
  Limits limits;
  // `pcf calc --set` values: the point is the file with these, and each varied parameter is changed from its
  // value here (the study report of a what-if run shows the sensitivity around that run).
  ParameterOverrides parameter_overrides;
};

struct SensitivityInput {
  std::string kind;   // "parameter" or "amount"
  std::string name;   // the parameter, or "PROCESS · ROLE · WHAT IT NAMES"
  std::string stage;  // of an amount ("" for a parameter)
  SourceLocation where;
  double value = 0;  // as evaluated at the point
  std::string unit;  // of an amount
  bool varied = false;          // false: value 0 (no relative change) or a changed file that is not valid
  std::string reason;           // why not varied
  double total_minus = 0, total_plus = 0;  // the total at x (1 − δ) and x (1 + δ)
  double elasticity = 0;        // (T+ − T−) / (2 δ T)
};

struct AllocationAlternative {
  std::string name;   // "file", "mass", "economic"
  std::string methods;  // what each multi-output process used: "PROCESS: METHOD; …"
  bool available = false;
  std::string reason;  // why not available (the error of the changed file)
  double total = 0;
};

struct SensitivityResult {
  std::string product_id, product_name, declared_unit;
  std::string indicator, indicator_unit;
  double delta = 0;
  double total = 0;  // at the point (the file as written)
  std::vector<SensitivityInput> inputs;  // varied ones by |elasticity|, largest first; then those not varied
  std::vector<std::string> multi_output_processes;  // ids; empty: no allocation to compare
  std::vector<AllocationAlternative> allocation;    // file, mass, economic (empty without multi-output processes)
  std::string input_file, input_sha256, db_sha256, solver;
};

// `--delta` as written: "10%" or "0.1" (a fraction). Throws Error(kUsage) naming the option for anything
// that is not a number, or a change not strictly between 0 and 100 %.
double ParseRelativeChange(const std::string& text, const std::string& option = "--delta");

// Throws Error (file, line, field) when the file as written cannot be calculated; a changed file that is not
// valid (e.g. a share pushed above 1) marks only that input as not varied, with the reason.
// Error(kUsage) for δ outside (0, 1).
SensitivityResult RunSensitivity(const std::string& product_path, const StoredModel& database,
                                 const SensitivityOptions& options);

}  // namespace pcf
