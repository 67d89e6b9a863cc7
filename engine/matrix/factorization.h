// Factorization of the technosphere matrix A: computed once, then answers any number of demands
// (A s = f) and transposed systems (Aᵀ x = c), one right-hand side or a block of them.
//
// It knows nothing about products or files: errors name rows and columns by position, and the caller
// (calc/) turns them into ids.
//
// Methods (chosen by measurement, see docs/solver.md):
//  - kBlockTriangular (default): a maximum transversal puts a non-zero on every diagonal position, Tarjan's
//    algorithm splits the system into strongly connected blocks in dependency order, and only blocks
//    larger than one are factorized (dense partial-pivot LU when small, else a sparse LU in AMD order with
//    threshold partial pivoting, sparse_lu.h). LCA databases are mostly acyclic, so most blocks are 1×1
//    and cost one division.
//  Every solve is refined (x += solve(b − A x)) until each right-hand side's componentwise backward error
//  is at the level of rounding; the factorization estimates its condition number.
//  - kSparseLU: Eigen's SparseLU (COLAMD) on the whole matrix. The reference path for tests.
//  - kDenseLU: partial-pivot LU of the dense matrix, for tiny systems and as a test oracle.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "engine/core/error.h"
#include "engine/matrix/sparse.h"

namespace pcf {

//  - kIterative: the block-triangular order, but blocks above the dense limit are not factorized: each
//    solve of such a block is a GMRES (krylov.h) preconditioned by its ILU(0) (incomplete_lu.h); for a few
//    right-hand sides (`pcf scores`, docs/solver.md "Iterative scores"). No condition estimate. A GMRES that
//    does not converge, or a refined result above kIterativeBackwardError, makes the solves fall back to a
//    kBlockTriangular factorization (made then, once; iteration().failed says so). Without a block above the
//    dense limit it is kBlockTriangular (method() says so).
enum class SolveMethod { kBlockTriangular, kSparseLU, kDenseLU, kIterative };

// "block-triangular", "sparse-lu", "dense-lu", "iterative" (the --solver names).
const char* SolveMethodName(SolveMethod method);

// Thrown when A cannot be solved. Rows and columns are positions in A; the caller names them.
class SingularSystemError : public Error {
 public:
  enum class Cause { kNotSquare, kStructural, kNumerical };
  SingularSystemError(Cause cause, std::string message, std::vector<int> rows, std::vector<int> columns)
      : Error(ErrorKind::kNumerical, std::move(message)), cause_(cause), rows_(std::move(rows)),
        columns_(std::move(columns)) {}
  Cause cause() const { return cause_; }
  // kStructural: rows (products) no column can supply, and columns (processes) left without a row.
  // kNumerical: the rows and columns of the block whose LU broke down.
  const std::vector<int>& rows() const { return rows_; }
  const std::vector<int>& columns() const { return columns_; }

 private:
  Cause cause_;
  std::vector<int> rows_;
  std::vector<int> columns_;
};

// Above this estimated condition number (1-norm, of the equilibrated matrix) results may have lost more
// than 6 of their 16 digits: callers warn (docs/solver.md).
constexpr double kIllConditioned = 1e10;

// kIterative keeps an iterative solve only when its componentwise backward error after refinement is at
// most this (the direct path reaches rounding level, about 1e-16); else it solves by the direct path.
constexpr double kIterativeBackwardError = 1e-14;

struct FactorizationStats {
  std::size_t nnz_a = 0;
  std::size_t nnz_lu = 0;         // non-zeros of the L and U factors (1×1 blocks count one each)
  std::size_t blocks = 0;         // strongly connected blocks (1 for the plain LU methods)
  std::size_t largest_block = 0;  // rows of the largest block
  // Hager–Higham estimate of the 1-norm condition number of A with rows, then columns scaled to a
  // largest magnitude of 1 (scaling-independent: units do not make a matrix ill-conditioned).
  double condition_estimate = 1;
  // The block (larger than 1×1) with the largest such estimate: its rows and columns, and the estimate.
  // Estimated only when condition_estimate is above kIllConditioned (to name the block in the warning);
  // 0 otherwise ("not estimated").
  double worst_block_condition = 0;
  std::vector<int> worst_block_rows, worst_block_columns;
};

// What the refinement of one solve reached.
struct SolveReport {
  // Largest componentwise backward error over all right-hand sides: max_i |b − A x|_i / (|A||x| + |b|)_i.
  double backward_error = 0;
  int refinement_steps = 0;  // extra solves taken
};

class Factorization {
 public:
  // Factorizes `a` (which must be square). Throws SingularSystemError (kNotSquare, kStructural or
  // kNumerical). The factorization keeps no reference to `a`.
  // `refine` = false skips iterative refinement: for inner factorizations whose caller refines anyway.
  // `estimate_condition` = false skips the condition estimate (stats().condition_estimate is then 0, "not
  // estimated"): for Monte Carlo draws, which watch their pivots and backward errors instead.
  static Factorization Compute(const SparseMatrix& a, SolveMethod method = SolveMethod::kBlockTriangular,
                               bool refine = true, bool estimate_condition = true);

  // Factorizes `a` again, reusing this factorization's structural work (the matching, the block order, the
  // extraction of each block and each sparse block's fill-reducing order), when `a` has exactly the stored
  // entries of the matrix this was computed from and no entry that was zero then is non-zero now (the
  // block order ignores zeros); only values differ, as in a Monte Carlo draw. No condition estimate is
  // made. Returns false, changing nothing, when that does not hold (or the method is not
  // kBlockTriangular): the caller then calls Compute. Throws SingularSystemError(kNumerical) naming the
  // block when a pivot is zero (the factorization must then not be used before the next Refactorize).
  // The solves are those Compute(a) would give: the same order, the same pivots.
  bool Refactorize(const SparseMatrix& a);

  // Monte Carlo draws of a model with large loops (docs/uncertainty.md, "Iterative draws"): from now on the
  // LUs of the blocks of at least `min_block` rows, as they stand (the point system's, when called right
  // after Compute), are kept as preconditioners; Refactorize does not change them. Returns how many blocks
  // that is (0: RefactorizeIterative is Refactorize).
  std::size_t KeepPreconditioners(std::size_t min_block);
  // Like Refactorize, but a kept block whose new values are near the kept ones (‖M − M₀‖₁ ≤
  // kIterativeDistance ‖M₀‖₁) is not factorized: its solves become GMRES (krylov.h) on the new values,
  // preconditioned by the kept LU, to a relative residual of 1e-13 (the refinement of every solve then
  // checks the whole system's componentwise backward error, as for a direct solve). A block further away
  // is factorized as Refactorize does. When a GMRES does not converge within its cap, iteration().failed
  // is set: the caller then calls Refactorize (the direct path) and solves again. A solve by iteration
  // updates iteration() (mutable): one thread per factorization while iterating.
  bool RefactorizeIterative(const SparseMatrix& a);
  struct IterationStats {
    std::size_t blocks_iterated = 0;      // kept blocks solved by GMRES for the current values
    std::size_t blocks_factorized = 0;    // kept blocks too far from their LU: factorized
    int iterations = 0;                   // GMRES matrix products since the last (Iterative)Refactorize
    bool failed = false;                  // a GMRES did not converge: do not trust this draw's solves
                                          // (kIterative: the solves fell back to the direct path)
  };
  const IterationStats& iteration() const;
  // ‖M − M₀‖₁ / ‖M₀‖₁ above which a kept block is factorized instead of iterated.
  static constexpr double kIterativeDistance = 0.5;

  Factorization(Factorization&&) noexcept;
  Factorization& operator=(Factorization&&) noexcept;
  ~Factorization();

  // s with A s = f (f has one entry per row of A; s one per column). Each column of a matrix argument
  // is one right-hand side. Throws SingularSystemError(kNumerical) if a result is not finite.
  // `report`, when given, receives the refinement's outcome.
  Eigen::VectorXd Solve(const Eigen::VectorXd& f, SolveReport* report = nullptr) const;
  Eigen::MatrixXd Solve(const Eigen::MatrixXd& f, SolveReport* report = nullptr) const;
  // x with Aᵀ x = c (c has one entry per column of A; x one per row).
  Eigen::VectorXd SolveTransposed(const Eigen::VectorXd& c, SolveReport* report = nullptr) const;
  Eigen::MatrixXd SolveTransposed(const Eigen::MatrixXd& c, SolveReport* report = nullptr) const;

  std::size_t size() const;
  SolveMethod method() const;
  const FactorizationStats& stats() const;

 private:
  struct Impl;
  explicit Factorization(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ‖A s − f‖∞ / ‖f‖∞ (‖A s‖∞ alone when f is zero).
double RelativeResidual(const SparseMatrix& a, const Eigen::VectorXd& s, const Eigen::VectorXd& f);

}  // namespace pcf
