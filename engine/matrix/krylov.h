// A preconditioned Krylov solver: restarted GMRES with right preconditioning (Saad, "Iterative Methods for
// Sparse Linear Systems", 2nd ed., 2003, algorithm 9.5, flexible form: the preconditioned vectors are
// kept, so the solution needs no extra preconditioner application). The matrix and the preconditioner are
// callbacks, so the same code iterates on one block of a factorization (Monte Carlo draws, preconditioned
// by the point's LU) or on a whole transposed system (scores, preconditioned by the block structure).
//
// Deterministic: the same inputs give the same bits (no threads, no randomness), which Monte Carlo's
// reproducibility needs.
#pragma once

#include <functional>

#include <Eigen/Dense>

namespace pcf {

// out = Op(in); `out` arrives sized like `in` (its values are to be overwritten).
using LinearOperator = std::function<void(const Eigen::VectorXd& in, Eigen::VectorXd& out)>;

struct KrylovOptions {
  int restart = 30;          // Krylov vectors kept before a restart
  int max_iterations = 60;   // matrix products in all, restarts included
  // Converged when the true residual ‖b − A x‖₂ ≤ tolerance · ‖b‖₂ (checked on the recomputed residual,
  // not only on GMRES's running estimate).
  double tolerance = 1e-13;
};

struct KrylovReport {
  int iterations = 0;              // matrix products taken
  bool converged = false;
  double relative_residual = 0;    // ‖b − A x‖₂ / ‖b‖₂ at the end
};

// Solves A x = b, starting from *x (zero it for no initial guess; it must have b's size). On return *x is
// the best iterate found, converged or not.
KrylovReport Gmres(const LinearOperator& apply_a, const LinearOperator& apply_preconditioner, const Eigen::VectorXd& b,
                   Eigen::VectorXd* x, const KrylovOptions& options = {});

}  // namespace pcf
