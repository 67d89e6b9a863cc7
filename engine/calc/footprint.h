// The footprint of a linked product: the LCI of the whole system, and its split by life-cycle stage and
// by origin (foreground processes' own emissions, background database, supplier footprints). Every split
// adds up to the total (checked by tests).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calc/lci.h"
#include "engine/calc/link.h"

namespace pcf {

struct StageImpacts {
  std::string stage;        // EN 15804 module
  Eigen::VectorXd impacts;  // per indicator
  bool declared = true;     // part of the declared footprint; false for module D (credits, reported apart)
};

// One avoided product of one foreground column at the system's scale: a module D credit.
struct Credit {
  std::string process_id;   // the foreground process that lists it under `avoided:`
  std::string product;      // the avoided product (database product or supplier footprint)
  std::string unit;
  double amount = 0;        // avoided amount for the declared unit, in `unit`
  Eigen::VectorXd impacts;  // its cradle-to-gate impacts, negative (a benefit), per indicator
};

// The declared footprint (lci.scores, every stage but D, every origin) never contains the credits of
// avoided products: EN 15804+A2 reports them as module D, apart from A1–C4, and PACT excludes them.
struct Footprint {
  LciResult lci;                     // the declared system: avoided products are not in its matrices
  std::vector<StageImpacts> stages;  // in module order, only those that occur; D (credits) last, not declared
  Eigen::VectorXd foreground;        // direct emissions of the foreground processes
  Eigen::VectorXd background;        // through background inputs, transport and waste treatment
  Eigen::VectorXd supplier;          // through supplier footprints
  Eigen::VectorXd credits;           // module D: avoided products (negative), not part of the total
  std::vector<Credit> credit_lines;  // module D line by line
  // From primary data (docs/result-json.md): the foreground processes' activity data, whatever factor
  // converts them (direct emissions, background inputs), plus each supplier footprint × its own
  // primaryDataShare.
  Eigen::VectorXd primary;
  Eigen::MatrixXd per_unit;          // cradle-to-gate impact of one unit of every product (products × indicators)
  std::string solver;
  std::string condition_warning;  // ConditionWarning(): empty unless the system is ill-conditioned
};

// Solves the linked system (one factorization, one forward solve, one transposed solve per indicator for
// the upstream totals). Throws Error(kNumerical) naming products and processes if it is singular.
// `method` chooses the factorization (docs/solver.md); the one used is recorded in Footprint::solver.
Footprint CalculateFootprint(const LinkedSystem& system, SolveMethod method = SolveMethod::kBlockTriangular);

// The primary data share of the method indicator in percent (0–100), or nullopt when the declared total
// is not positive (a share of it means nothing then).
std::optional<double> PrimaryDataShare(const LinkedSystem& system, const Footprint& footprint);

}  // namespace pcf
