// One product file, from YAML to a rendered report, against a loaded database: the one pipeline that
// `pcf calc PRODUCT.yaml`, `pcf batch`, `pcf verify` and `pcf certify` share (read → link → solve →
// analyse → gates → render).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calc/analysis.h"
#include "engine/calc/cbam.h"
#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/calc/monte_carlo.h"
#include "engine/calc/sensitivity.h"
#include "engine/core/limits.h"
#include "engine/core/parameter_overrides.h"
#include "engine/core/warning.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"
#include "engine/report/render.h"

namespace pcf {

struct ProductRunOptions {
  double cutoff_percent = 0.5;
  SolveMethod solver = SolveMethod::kBlockTriangular;  // --solver, recorded in the manifest
  std::string format = "json";  // one of ReportFormats()
  RenderOptions render;
  bool strict = false;  // --strict: a warning is an error (Error kBadInput, exit 3), nothing is rendered
  // The folder the result will be written into ("" when not known): the manifest then records each input
  // relative to it (`from_result`), so a submission folder verifies wherever it is moved (issue 12).
  std::string result_dir;
  Limits limits;  // --limits: what the product file and its supplier footprints are read under
  MonteCarloOptions monte_carlo;  // --mc N --seed S --jobs J (draws 0: none), recorded in the manifest
  ParameterOverrides parameter_overrides;  // --set NAME=VALUE, recorded in the manifest (`overrides`)
  // The study report's sensitivity section: with format md or html, every input varied by ±10 % on its own
  // (one solve per change; docs/sensitivity.md). Ignored by the other formats, whose work it never adds to.
  bool sensitivity = false;
};

struct ProductRun {
  std::string rendered;  // the report in the requested format
  std::string summary;   // the short terminal summary
  std::string product_id;
  std::string method;    // indicator id
  std::string unit;      // of the total
  double total = 0;      // for the declared unit, method indicator
  double declared_unit_amount = 0;  // the product's declared unit, e.g. 1 …
  std::string declared_unit;        // … t
  std::string input_sha256;         // of the product file's bytes
  std::vector<Warning> warnings;  // also in `rendered` and `summary`
  std::vector<std::string> inputs;  // files read: the product file, then its supplier footprints
  std::string monte_carlo_draws_csv;  // FormatMonteCarloDrawsCsv, with --mc ("" otherwise)
  std::optional<DistributionSummary> monte_carlo_total;  // the total's statistics, with --mc
  double monte_carlo_seconds = 0;     // wall time of the draws
};

// The calculated footprint of one product file: everything a report format or a verification is a view of.
struct ProductResult {
  ProductFile product;
  LinkedSystem system;
  Footprint footprint;
  Analysis analysis;
  CalcManifest manifest;  // inputs[0] is the product file, then its supplier footprints (file, sha256)
  std::vector<Warning> warnings;  // supplier gates, plausibility, ill-conditioning
  std::optional<CbamResult> cbam;  // format cbam only (other products have none)
  std::optional<MonteCarloResult> monte_carlo;  // with options.monte_carlo.draws > 0
  std::optional<SensitivityResult> sensitivity;  // with options.sensitivity, format md or html
  const ModelInfo* database_info = nullptr;

  FootprintReport Report() const;
};

// Read → link → solve → analyse → gates (and, for format cbam, the CBAM figures); nothing is rendered.
// Throws like RunProductFile.
ProductResult CalculateProductFile(const std::string& product_path, const StoredModel& database,
                                   const std::string& db_path, const ProductRunOptions& options);

// Throws pcf::Error (with file, line and field) for anything wrong with the product file or its links;
// nothing is written.
ProductRun RunProductFile(const std::string& product_path, const StoredModel& database, const std::string& db_path,
                          const ProductRunOptions& options);

// The same for a product file already read (with options.limits and options.parameter_overrides): a
// caller that read it for its `database:` key does not parse it twice.
ProductResult CalculateProductFile(ProductFile product_file, const StoredModel& database, const std::string& db_path,
                                   const ProductRunOptions& options);
ProductRun RunProductFile(ProductFile product_file, const StoredModel& database, const std::string& db_path,
                          const ProductRunOptions& options);

}  // namespace pcf
