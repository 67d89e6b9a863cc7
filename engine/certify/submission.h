// Verifying a submission (issue 7): recompute a `pcf calc` result from its inputs against a database and
// compare every reported figure. Format of the report: docs/certification.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"

namespace pcf {

enum class SubmissionStatus { kVerified, kMismatch, kInputsChanged, kDatabaseDiffers, kCannotRecompute };

struct FigureDifference {
  std::string figure;  // e.g. "impacts[GWP100-AR6].total", "stages[A3].total"
  double claimed = 0;
  double recomputed = 0;
};

struct SubmissionCheck {
  std::string submission;  // file name
  SubmissionStatus status = SubmissionStatus::kCannotRecompute;
  std::string detail;
  std::vector<FigureDifference> differences;  // kMismatch: every figure outside the tolerance
  std::size_t figures_compared = 0;
};

// `submission_path`: a result JSON of `pcf calc PRODUCT.yaml` (its manifest names the product file and
// every supplier file with their SHA-256), or a PACT footprint JSON together with `product_yaml`.
// Recomputes with `database` (whose content hash must equal the manifest's) and compares every figure
// with relative tolerance `rtol`. Never throws for a bad submission: the status says what is wrong.
// `solver`: the factorization to recompute with; none given: the one the result's manifest records
// (block-triangular for PACT footprints and results that name none). The detail names the one used.
SubmissionCheck VerifySubmission(const std::string& submission_path, const std::string& product_yaml,
                                 const StoredModel& database, double rtol,
                                 std::optional<SolveMethod> solver = std::nullopt);

const char* SubmissionStatusName(SubmissionStatus status);

}  // namespace pcf
