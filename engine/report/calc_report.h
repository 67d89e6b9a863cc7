// Views of an LCI result: the JSON result document (docs/result-json.md), a short text summary, and the
// all-product scores CSV. Pure functions: no report recomputes anything.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/calc/lci.h"
#include "engine/system/model.h"

namespace pcf {

struct CalcManifest {
  std::string engine_version = PCF_VERSION;
  std::string db_path;
  std::string db_sha256;     // content hash of the model database
  std::string input_file;
  std::string input_sha256;  // SHA-256 of the demand file's bytes
  std::string solver;        // factorization method used
  std::string method;        // default characterization method (indicator id) of the database, if it names one
  std::string db_name, db_version;
  std::vector<std::pair<std::string, std::string>> inputs;  // every input file and its SHA-256
  // issue 12: each input's path relative to the folder of the result file (written as `from_result`),
  // when the result's place is known (pcf batch); empty otherwise, else one per input.
  std::vector<std::string> inputs_from_result;
  double cutoff_percent = -1;  // contribution cut-off of a product result (options that change figures); −1: none
  double residual = 0;
  // From the solver (docs/solver.md); written when condition_estimate > 0.
  double backward_error = 0;      // componentwise, after iterative refinement
  double condition_estimate = 0;  // 1-norm, equilibrated A
  std::string condition_warning;  // non-empty above kIllConditioned
  // Monte Carlo settings (docs/uncertainty.md), written as `monte_carlo` when mc_draws > 0; the number of
  // threads is not recorded: it never changes a result.
  unsigned long long mc_draws = 0, mc_seed = 0;
  // Parameters replaced for this run (`pcf calc --set`, docs/sensitivity.md), written as `overrides`
  // {name: value} when there are any; `pcf verify` recomputes with them.
  std::vector<std::pair<std::string, double>> overrides;
};

// Copies the solver's account of `result` into the manifest.
void RecordSolveQuality(const Model& model, const Factorization& factorization, const LciResult& result,
                        CalcManifest* manifest);

class JsonWriter;

// The "impacts", "inventory", "supply" and "demand" members, and the "manifest" member, of a result
// object being written (shared by every result document).
void WriteLciSections(JsonWriter& w, const Model& model, const LciResult& result);
void WriteManifest(JsonWriter& w, const CalcManifest& manifest);

std::string FormatCalcJson(const Model& model, const LciResult& result, const CalcManifest& manifest);
std::string FormatCalcText(const Model& model, const LciResult& result, const CalcManifest& manifest);

// Header "product_id,<indicator id>,…", one row per product in index order.
std::string FormatScoresCsv(const Model& model, const Eigen::MatrixXd& product_scores);

}  // namespace pcf
