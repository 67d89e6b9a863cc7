// `pcf scores` on a database file: the cradle-to-gate score of one unit of every product, with the load
// overlapped with the arithmetic. The matrices are read first; the indices, demands and the content-hash
// check then run on a second thread (db/model_store.h, ModelLoad) while A is factorized and the transposed
// systems are solved. Nothing is returned before the whole file has been checked: a damaged file gives the
// error LoadModel gives, even when the damage also made the arithmetic fail.
#pragma once

#include <filesystem>
#include <optional>

#include "engine/calc/lci.h"
#include "engine/db/model_store.h"

namespace pcf {

struct ScoresRun {
  StoredModel stored;
  Factorization factorization;
  Eigen::MatrixXd scores;  // products × indicators (ProductScores)
  SolveReport report;
  // Seconds: load = reading the matrices plus waiting for the rest of the file at the end (the part of
  // the load not hidden behind the factorization); factor and solve as in ProductScores.
  double load_s = 0, factor_s = 0, solve_s = 0;
};

// `method`: none gives the engine's choice for scores (ScoresSolveMethod, on the matrices read first).
ScoresRun ScoreDatabase(const std::filesystem::path& path, std::optional<SolveMethod> method);

}  // namespace pcf
