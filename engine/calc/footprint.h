// The footprint of a linked product: the LCI of the whole system, and its split by life-cycle stage and
// by origin (foreground processes' own emissions, background database, supplier footprints). Every split
// adds up to the total (checked by tests).
#pragma once

#include <string>
#include <vector>

#include "engine/calc/lci.h"
#include "engine/calc/link.h"

namespace pcf {

struct StageImpacts {
  std::string stage;        // EN 15804 module
  Eigen::VectorXd impacts;  // per indicator
};

struct Footprint {
  LciResult lci;
  std::vector<StageImpacts> stages;  // in module order, only those that occur
  Eigen::VectorXd foreground;        // direct emissions of the foreground processes
  Eigen::VectorXd background;        // through background inputs, transport, waste treatment and credits
  Eigen::VectorXd supplier;          // through supplier footprints
  Eigen::MatrixXd per_unit;          // cradle-to-gate impact of one unit of every product (products × indicators)
  std::string solver;
};

// Solves the linked system (one factorization, one forward solve, one transposed solve per indicator for
// the upstream totals). Throws Error(kNumerical) naming products and processes if it is singular.
// `method` chooses the factorization (docs/solver.md); the one used is recorded in Footprint::solver.
Footprint CalculateFootprint(const LinkedSystem& system, SolveMethod method = SolveMethod::kBlockTriangular);

}  // namespace pcf
