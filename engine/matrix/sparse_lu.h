// Sparse LU of one strongly connected block: columns in a fill-reducing order (AMD on the pattern of
// M + Mᵀ), a left-looking factorization (Gilbert–Peierls: each column is a sparse triangular solve
// with the columns before it) and threshold partial pivoting that prefers the diagonal, on rows scaled
// to a largest magnitude of 1. This is KLU's design (and its defaults). Pivots are chosen for stability:
// the diagonal is kept only when its scaled magnitude is at least kPivotTolerance times the largest
// scaled candidate of its column, else the largest is taken, so no scaled multiplier exceeds
// 1 / kPivotTolerance; the caller's iterative refinement then brings the backward error to rounding level
// and reports it.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/matrix/sparse.h"

namespace pcf {

class BlockSparseLu {
 public:
  // KLU's default. Measured on the bench family (docs/solver.md): 0.1 doubled the fill and the factor
  // time (the AMD order assumes diagonal pivots) for the same final accuracy after refinement.
  static constexpr double kPivotTolerance = 0.001;

  // Factorizes `m` (square, zero-free diagonal expected but not required). nullopt when a column has
  // no non-zero pivot: the block is numerically singular.
  static std::optional<BlockSparseLu> Compute(const SparseMatrix& m);

  // Solves in place, one right-hand side per column of `x`.
  void Solve(Eigen::MatrixXd* x) const;            // M y = b
  void SolveTransposed(Eigen::MatrixXd* x) const;  // Mᵀ y = b
  std::size_t nnz() const { return l_index_.size() + u_index_.size(); }

 private:
  int n_ = 0;
  std::vector<int> row_step_;  // row i of M is pivot row row_step_[i]
  std::vector<int> column_;    // step k factorizes column column_[k] of M
  // L: unit lower triangular, column by column, rows renumbered by pivot step, diagonal not stored.
  std::vector<int> l_start_, l_index_;
  std::vector<double> l_value_;
  // U: upper triangular, column by column; off-diagonal entries only, the diagonal in u_diagonal_.
  std::vector<int> u_start_, u_index_;
  std::vector<double> u_value_, u_diagonal_;
};

}  // namespace pcf
