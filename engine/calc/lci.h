// Life-cycle inventory calculation on a Model: supply s (A s = f), inventory g = B s, scores h = C g.
#pragma once

#include <string>

#include "engine/calc/model.h"
#include "engine/matrix/factorization.h"

namespace pcf {

struct LciResult {
  Eigen::VectorXd demand;     // f, over products
  Eigen::VectorXd supply;     // s, over processes
  Eigen::VectorXd inventory;  // g, over flows
  Eigen::VectorXd scores;     // h, over indicators
  double residual = 0;        // ‖A s − f‖∞ / ‖f‖∞
};

// Factorizes the model's technosphere. Throws Error(kNumerical) whose message names the products
// without a producer and the processes involved (by id), or why A is not square.
Factorization FactorizeTechnosphere(const Model& model, SolveMethod method = SolveMethod::kBlockTriangular);

// Solves one demand with an existing factorization of `model.technosphere`.
LciResult CalculateLci(const Model& model, const Factorization& factorization, const Eigen::VectorXd& demand);

// Cradle-to-gate scores of one unit of every product: a products × indicators matrix N with
// N(p, k) = (C B A⁻¹)(k, p), from transposed solves Aᵀ x = (C B)ᵀ, one right-hand side per indicator.
Eigen::MatrixXd ProductScores(const Model& model, const Factorization& factorization);

}  // namespace pcf
