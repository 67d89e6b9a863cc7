// Verifying a submission (issue 7): recompute a `pcf calc` result from its inputs against a database and
// compare every reported figure. Format of the report: docs/certification.md.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/limits.h"
#include "engine/core/parameter_overrides.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"

namespace pcf {

enum class SubmissionStatus { kVerified, kMismatch, kInputsChanged, kDatabaseDiffers, kCannotRecompute };

// One field that differs. A number: `claimed` / `recomputed` (NaN for a side where it is absent). A text,
// date, id, enumeration or boolean (`is_text`): `claimed_text` / `recomputed_text` as JSON ("null" when
// absent).
struct FigureDifference {
  std::string figure;  // e.g. "impacts[GWP100-AR6].total", "stages[A3].total", "product.reference_period"
  double claimed = 0;
  double recomputed = 0;
  bool is_text = false;
  std::string claimed_text;
  std::string recomputed_text;
};

struct SubmissionCheck {
  std::string submission;  // file name
  SubmissionStatus status = SubmissionStatus::kCannotRecompute;
  std::string detail;
  std::vector<FigureDifference> differences;  // kMismatch: every field that differs, most important first
  std::size_t figures_compared = 0;            // fields compared (numbers and texts)
  // What the submission is about, for reports (empty / NaN when it could not be read that far).
  std::string product;             // product id (pcf result) or productNameCompany (PACT)
  std::string declared_unit;       // "1 t"
  std::string unit;                // unit of the totals, e.g. "kg CO2e"
  double claimed_total = std::numeric_limits<double>::quiet_NaN();
  double recomputed_total = std::numeric_limits<double>::quiet_NaN();
  std::string product_file;        // the product file the recomputation read ("" when none)
  std::string engine_version;      // the pcf version that made the submission, when it says
};

// `submission_path`: a result JSON of `pcf calc PRODUCT.yaml` (its manifest names the product file and
// every supplier file with their SHA-256), or a PACT footprint JSON together with `product_yaml`.
// Recomputes with `database` (whose content hash must equal the manifest's) and compares every figure
// with relative tolerance `rtol`. Never throws for a bad submission: the status says what is wrong.
// `solver`: the factorization to recompute with; none given: the one the result's manifest records
// (block-triangular for PACT footprints and results that name none). The detail names the one used.
// `limits`: what the product and supplier files are read under (a refusal is a kCannotRecompute detail).
SubmissionCheck VerifySubmission(const std::string& submission_path, const std::string& product_yaml,
                                 const StoredModel& database, double rtol,
                                 std::optional<SolveMethod> solver = std::nullopt, const Limits& limits = Limits());

// The same for a document already read: `text` is the submission's content, `name` names it in messages,
// `folder` is where its inputs are looked for (as the folder of a submission file). Used to recompute the
// figures of a certificate.
SubmissionCheck VerifySubmissionText(const std::string& name, const std::string& text, const std::string& folder,
                                     const std::string& product_yaml, const StoredModel& database, double rtol,
                                     std::optional<SolveMethod> solver = std::nullopt, const Limits& limits = Limits());

// What a submission's text says it is about (product, declared unit, unit, claimed total), nothing checked.
SubmissionCheck DescribeSubmission(const std::string& text);

const char* SubmissionStatusName(SubmissionStatus status);

// The solver to recompute with: the one asked for, else the one a result's manifest records (`recorded`,
// its name), else block-triangular.
// The parameters a result was calculated with (`manifest.overrides`, `pcf calc --set`): {} when absent,
// nullopt when it is not an object of parameter names to finite numbers (the result cannot be recomputed).
std::optional<ParameterOverrides> ManifestOverrides(const std::string& manifest_json);

SolveMethod RecomputeSolver(std::optional<SolveMethod> asked, const std::string& recorded);

}  // namespace pcf
