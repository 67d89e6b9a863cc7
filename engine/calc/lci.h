// Life-cycle inventory calculation on a Model: supply s (A s = f), inventory g = B s, scores h = C g.
#pragma once

#include <string>

#include "engine/matrix/factorization.h"
#include "engine/system/model.h"

namespace pcf {

struct LciResult {
  Eigen::VectorXd demand;     // f, over products
  Eigen::VectorXd supply;     // s, over processes
  Eigen::VectorXd inventory;  // g, over flows
  Eigen::VectorXd scores;     // h, over indicators
  double residual = 0;        // ‖A s − f‖∞ / ‖f‖∞
  // The solver's account (docs/solver.md): componentwise backward error after refinement over the
  // demand and all indicator solves made with this result, the steps taken, the condition estimate.
  double backward_error = 0;
  int refinement_steps = 0;
  double condition_estimate = 0;
};

// Empty, or one sentence naming the products of the worst-conditioned block when the factorization's
// condition estimate is above kIllConditioned (results may have lost digits).
std::string ConditionWarning(const Model& model, const Factorization& factorization);

// Factorizes the model's technosphere. Throws Error(kNumerical) whose message names the products
// without a producer and the processes involved (by id), or why A is not square.
// `estimate_condition` = false: no condition estimate (Monte Carlo draws, see Factorization::Compute).
Factorization FactorizeTechnosphere(const Model& model, SolveMethod method = SolveMethod::kBlockTriangular,
                                    bool estimate_condition = true);

// Factorization::Refactorize of the model's technosphere (false: the pattern differs, nothing changed),
// with the errors of FactorizeTechnosphere.
bool RefactorizeTechnosphere(const Model& model, Factorization* factorization);
// The same with Factorization::RefactorizeIterative (Monte Carlo draws on a model with large loops).
bool RefactorizeTechnosphereIteratively(const Model& model, Factorization* factorization);

// The method `pcf scores` takes when none is asked for (docs/solver.md, "Iterative scores"): kIterative for
// at most kIterativeScoresIndicators indicators (it becomes kBlockTriangular when the model has no loop above
// the dense limit), else kBlockTriangular.
constexpr Eigen::Index kIterativeScoresIndicators = 4;
SolveMethod ScoresSolveMethod(const Model& model);

// Solves one demand with an existing factorization of `model.technosphere`.
LciResult CalculateLci(const Model& model, const Factorization& factorization, const Eigen::VectorXd& demand);

// (C B)ᵀ (processes × indicators): the right-hand sides of ProductScores' transposed solve.
Eigen::MatrixXd DirectScoresTransposed(const Model& model);

// Cradle-to-gate scores of one unit of every product: a products × indicators matrix N with
// N(p, k) = (C B A⁻¹)(k, p), from transposed solves Aᵀ x = (C B)ᵀ, one right-hand side per indicator.
// `report`, when given, receives the refinement's outcome over all indicators.
Eigen::MatrixXd ProductScores(const Model& model, const Factorization& factorization, SolveReport* report = nullptr);

}  // namespace pcf
