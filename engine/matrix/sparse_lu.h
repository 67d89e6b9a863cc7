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

#include <Eigen/LU>

#include "engine/matrix/sparse.h"

namespace pcf {

// Aᵀ x = b in place with a dense LU (P A = L U, so Aᵀ = Uᵀ Lᵀ P). Not `lu.transpose().solve(b)`: Eigen's
// Transpose<const PartialPivLU> holds the decomposition BY VALUE (its traits lack NestByRefBit), so every
// such call copied the whole dense factor — for a 5,000-row Schur complement 200 MB of fresh pages per
// solve, the page-fault pathology of issue 13.
void DenseSolveTransposedInPlace(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu, Eigen::MatrixXd* x);
// One right-hand side: Eigen's vector kernels (the matrix ones pack the whole factor on every call).
void DenseSolveTransposedInPlace(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu, Eigen::VectorXd* x);

class BlockSparseLu {
 public:
  // KLU's default. Measured on the bench family (docs/solver.md): 0.1 doubled the fill and the factor
  // time (the AMD order assumes diagonal pivots) for the same final accuracy after refinement.
  static constexpr double kPivotTolerance = 0.001;

  // Dense switch: once an L column holds at least kDenseFraction of the rows still to be eliminated (the
  // rest of the block has filled in), and between kMinDense and kMaxDense rows are left, the remaining
  // columns form their Schur complement S = A22 − L21 U12 as a dense matrix and finish with a dense LU
  // with partial pivoting (blocked, BLAS-3-like kernels) instead of column by column.
  static constexpr double kDenseFraction = 0.3;
  static constexpr int kMinDense = 256;
  static constexpr int kMaxDense = 8192;  // S takes at most 512 MB

  // Factorizes `m` (square, zero-free diagonal expected but not required). nullopt when a column has
  // no non-zero pivot: the block is numerically singular. `column_order`, when given, is the
  // fill-reducing order of an earlier factorization of a matrix with the same pattern (column_order()):
  // the AMD step is skipped (Monte Carlo draws change values, not the pattern). Pivots are still chosen
  // from this matrix's values.
  static std::optional<BlockSparseLu> Compute(const SparseMatrix& m, const std::vector<int>* column_order = nullptr);
  const std::vector<int>& column_order() const { return column_; }

  // Solves in place, one right-hand side per column of `x`.
  void Solve(Eigen::MatrixXd* x) const;            // M y = b
  void SolveTransposed(Eigen::MatrixXd* x) const;  // Mᵀ y = b
  std::size_t nnz() const {
    const auto h = static_cast<std::size_t>(n_ - dense_from_);
    return l_index_.size() + u_index_.size() + h * h;
  }
  int dense_columns() const { return n_ - dense_from_; }  // columns finished by the dense LU

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
  // Steps dense_from_ … n_−1 (none when dense_from_ == n_): U holds only their U12 part; S's LU does the rest.
  int dense_from_ = 0;
  Eigen::PartialPivLU<Eigen::MatrixXd> dense_;
};

}  // namespace pcf
