// The data quality rating (DQR) of a product footprint (docs/data-quality.md): every input of the
// foreground (a database dataset it uses, a transport leg, a waste treatment, a direct emission, a
// supplier footprint) gets technological, geographical and temporal ratings (and reliability and
// completeness, for PACT v2) from 1 (best) to 5 (worst) — as the product file states them (`dqr:`) or
// derived from the database's per-dataset pedigree, its confidence labels, and the product's geography and
// reference period — and the result's DQR is their average weighted by each input's absolute contribution
// to the declared total. Pure functions: nothing here prints or reads files.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/model/product.h"
#include "engine/system/model_info.h"

namespace pcf {

// The five ratings in this order everywhere (arrays, JSON, reports).
enum DqrAspect { kTechnological = 0, kGeographical = 1, kTemporal = 2, kReliability = 3, kCompleteness = 4 };
inline constexpr const char* kDqrAspectNames[5] = {"technological", "geographical", "temporal", "reliability", "completeness"};
using DqrValues = std::array<double, 5>;

struct InputDqr {
  std::string process;   // foreground process id
  std::string kind;      // input, transport, waste, emission, supplier
  std::string ref;       // the dataset, transport mode, flow or supplier file
  std::string stage;
  SourceLocation where;  // of the line in the product file
  double contribution = 0;  // to the declared total of the method indicator (all columns of the line)
  double weight = 0;        // |contribution| / Σ |contributions|
  DqrValues ratings{};      // 1 … 5
  std::array<bool, 5> stated{};  // true: from the product file's `dqr:`; false: derived
  std::string basis;        // how the derived ratings came about, e.g. "dataset CN-HB 2022, pedigree"
};

struct DataQuality {
  std::vector<InputDqr> inputs;      // in file order
  double absolute_total = 0;         // Σ |contributions|
  std::optional<DqrValues> result;   // weighted average; none when every contribution is 0
  int reference_year = 0;            // of the product's reference period (0: none)
  // PACT v2 (ratings 1–3, inputs above 5 % of the PCF): see PactV2Dqi.
};

// Ratings of every foreground input and the result's DQR. `info` may be null (a model imported from
// matrices knows no datasets): derived ratings are then 5 where nothing else says better.
DataQuality AssessDataQuality(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                              const ModelInfo* info);

// PACT v2.3 `dqi`: the inputs each above 5 % of Σ |contributions| (the methodology's threshold), their
// share of it in percent (coveragePercent) and their weighted ratings mapped from 1–5 to PACT v2's 1–3 by
// 1 + (r − 1) / 2. None when no input passes the threshold.
struct PactV2Dqi {
  double coverage_percent = 0;
  DqrValues ratings{};  // 1–3
};
std::optional<PactV2Dqi> PactV2DataQuality(const DataQuality& dq);

// The derivation rules on their own (tested by hand): temporal from the years between the reference year
// and the data year; geographical from the product's and the data's region codes; reliability from a
// factor's confidence label.
int TemporalRating(int reference_year, int data_year);
int GeographicalRating(const std::string& product_geography, const std::string& data_region);
int ConfidenceReliability(const std::string& confidence);

}  // namespace pcf
