// Views of a product footprint: the JSON result (the calc result of docs/result-json.md extended with
// the product, method, stages, origin split, allocation, suppliers and parameters) and a short terminal
// summary. Pure functions.
#pragma once

#include <string>

#include "engine/calc/analysis.h"
#include "engine/calc/footprint.h"
#include "engine/calc/monte_carlo.h"
#include "engine/calc/sensitivity.h"
#include "engine/core/warning.h"
#include "engine/model/product.h"
#include "engine/report/calc_report.h"

namespace pcf {

struct CbamResult;

// Everything a report of one product shows; every format is a view of it (no format recomputes).
struct FootprintReport {
  const ProductFile& product;
  const LinkedSystem& system;
  const Footprint& footprint;
  const Analysis& analysis;
  const CalcManifest& manifest;
  // The background database's information (factor table with provenance, entry sources); null when the
  // caller has none. Formats that cite factor rows (cbam: CBAM-* defaults, grid factor source) read it.
  const ModelInfo* database_info = nullptr;
  // Supplier gates and plausibility (engine/calc/gates.h): shown by every format.
  std::vector<Warning> warnings = {};
  // The CBAM figures (engine/calc/cbam.h), calculated by the pipeline for format cbam; null otherwise.
  const CbamResult* cbam = nullptr;
  // Monte Carlo over the uncertain values (engine/calc/monte_carlo.h), with `pcf calc --mc N`; null otherwise.
  const MonteCarloResult* monte_carlo = nullptr;
  // One-at-a-time sensitivity (engine/calc/sensitivity.h) for the study report's sensitivity section (md,
  // html); null when not asked for (`pcf calc --no-sensitivity`, other formats).
  const SensitivityResult* sensitivity = nullptr;
};

std::string FormatFootprintJson(const FootprintReport& report);
std::string FormatFootprintText(const FootprintReport& report);

// `--mc-draws FILE.csv`: one row per draw — draw (1…N), total, then each stage of the method indicator.
std::string FormatMonteCarloDrawsCsv(const MonteCarloResult& mc);

}  // namespace pcf
