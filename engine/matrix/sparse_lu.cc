#include "engine/matrix/sparse_lu.h"

#include <algorithm>
#include <cmath>

#include <Eigen/OrderingMethods>

namespace pcf {

namespace {

// Columns of `m` in AMD order on the pattern of M + Mᵀ (Eigen's AMDOrdering symmetrizes itself).
std::vector<int> FillReducingOrder(const SparseMatrix& m) {
  Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> permutation;
  Eigen::AMDOrdering<int> amd;
  amd(m, permutation);
  return std::vector<int>(permutation.indices().data(), permutation.indices().data() + m.cols());
}

}  // namespace

void DenseSolveTransposedInPlace(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu, Eigen::MatrixXd* x) {
  lu.matrixLU().triangularView<Eigen::Upper>().transpose().solveInPlace(*x);
  lu.matrixLU().triangularView<Eigen::UnitLower>().transpose().solveInPlace(*x);
  *x = lu.permutationP().transpose() * (*x);
}

void DenseSolveTransposedInPlace(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu, Eigen::VectorXd* x) {
  lu.matrixLU().triangularView<Eigen::Upper>().transpose().solveInPlace(*x);
  lu.matrixLU().triangularView<Eigen::UnitLower>().transpose().solveInPlace(*x);
  *x = lu.permutationP().transpose() * (*x);
}

std::optional<BlockSparseLu> BlockSparseLu::Compute(const SparseMatrix& m, const std::vector<int>* column_order) {
  const int n = static_cast<int>(m.cols());
  BlockSparseLu lu;
  lu.n_ = n;
  lu.column_ = column_order && static_cast<int>(column_order->size()) == n ? *column_order : FillReducingOrder(m);
  lu.row_step_.assign(n, -1);
  lu.l_start_.assign(1, 0);
  lu.u_start_.assign(1, 0);
  lu.u_diagonal_.resize(n);
  const std::size_t guess = static_cast<std::size_t>(m.nonZeros()) * 2;
  lu.l_index_.reserve(guess);
  lu.l_value_.reserve(guess);
  lu.u_index_.reserve(guess);
  lu.u_value_.reserve(guess);

  // x: the current column, indexed by original row. reach: rows reached, in topological order at the
  // end of the array [top, n). L's row indices stay original rows until the end, so the depth-first
  // search walks L column row_step_[i] from row i.
  std::vector<double> x(n, 0.0);
  std::vector<int> reach(n), stack(n), next(n), seen(n, -1);
  // Symmetric pruning (Eisenstat–Liu, as in KLU): the depth-first search only needs the part of an L
  // column up to search_end; see the pruning step below.
  std::vector<int> search_end(n, 0);
  std::vector<char> pruned(n, 0);
  const int* outer = m.outerIndexPtr();
  const int* inner = m.innerIndexPtr();
  const double* values = m.valuePtr();
  // Pivots are compared after scaling each row to a largest magnitude of 1 (as KLU does): units make
  // LCA rows differ by many orders of magnitude, which says nothing about stability.
  std::vector<double> row_scale(n, 0.0);
  for (int p = 0; p < outer[n]; ++p) row_scale[inner[p]] = std::max(row_scale[inner[p]], std::abs(values[p]));
  for (double& r : row_scale) r = r > 0 ? 1 / r : 1;
  lu.dense_from_ = n;
  std::vector<int> dense_row;  // after the switch: position in S of each row not yet pivotal, else −1
  Eigen::MatrixXd schur;
  for (int k = 0; k < n; ++k) {
    const int col = lu.column_[k];
    // Reach of A(:, col) in the graph of L (iterative depth-first search, postorder into reach).
    int top = n;
    for (int p = outer[col]; p < outer[col + 1]; ++p) {
      int head = 0;
      stack[0] = inner[p];
      if (seen[inner[p]] == k) continue;
      while (head >= 0) {
        const int i = stack[head];
        const int step = lu.row_step_[i];
        if (seen[i] != k) {
          seen[i] = k;
          next[head] = step < 0 ? 0 : lu.l_start_[step];
        }
        bool done = true;
        const int end = step < 0 ? 0 : search_end[step];
        for (int q = next[head]; q < end; ++q) {
          const int r = lu.l_index_[q];
          if (seen[r] == k) continue;
          next[head] = q + 1;
          stack[++head] = r;
          done = false;
          break;
        }
        if (done) {
          --head;
          reach[--top] = i;
        }
      }
    }
    // x = L⁻¹ A(:, col) on the reach, in topological order.
    for (int p = outer[col]; p < outer[col + 1]; ++p) x[inner[p]] += values[p];
    for (int t = top; t < n; ++t) {
      const int i = reach[t];
      const int step = lu.row_step_[i];
      if (step < 0) continue;
      const double xi = x[i];
      if (xi == 0) continue;
      for (int q = lu.l_start_[step]; q < lu.l_start_[step + 1]; ++q) x[lu.l_index_[q]] -= lu.l_value_[q] * xi;
    }
    if (k >= lu.dense_from_) {  // after the switch: U12 entries, and column k − k0 of S
      for (int t = top; t < n; ++t) {
        const int i = reach[t];
        if (lu.row_step_[i] >= 0) {
          if (x[i] != 0) {
            lu.u_index_.push_back(lu.row_step_[i]);
            lu.u_value_.push_back(x[i]);
          }
        } else {
          schur(dense_row[i], k - lu.dense_from_) = x[i];
        }
        x[i] = 0;
      }
      lu.l_start_.push_back(static_cast<int>(lu.l_index_.size()));
      lu.u_start_.push_back(static_cast<int>(lu.u_index_.size()));
      continue;
    }
    // Pivot: the largest candidate, unless the diagonal is within the tolerance of it.
    int pivot_row = -1;
    double largest = 0;
    for (int t = top; t < n; ++t) {
      const int i = reach[t];
      if (lu.row_step_[i] >= 0) {
        if (x[i] != 0) {
          lu.u_index_.push_back(lu.row_step_[i]);
          lu.u_value_.push_back(x[i]);
        }
      } else if (std::abs(x[i]) * row_scale[i] > largest) {
        largest = std::abs(x[i]) * row_scale[i];
        pivot_row = i;
      }
    }
    if (pivot_row < 0 || !std::isfinite(largest)) return std::nullopt;
    if (lu.row_step_[col] < 0 && std::abs(x[col]) * row_scale[col] >= kPivotTolerance * largest) pivot_row = col;
    const double pivot = x[pivot_row];
    lu.u_diagonal_[k] = pivot;
    lu.row_step_[pivot_row] = k;
    for (int t = top; t < n; ++t) {
      const int i = reach[t];
      if (lu.row_step_[i] < 0) {  // structural, zeros too: pruning relies on L holding the whole reach
        lu.l_index_.push_back(i);
        lu.l_value_.push_back(x[i] / pivot);
      }
      x[i] = 0;
    }
    lu.l_start_.push_back(static_cast<int>(lu.l_index_.size()));
    search_end[k] = lu.l_start_[k + 1];
    // Prune: if U(s, k) and L(pivot_row, s) are non-zero, every row of L(:, s) that is not pivotal yet
    // is also reached through column k, so later searches need only the pivotal rows of L(:, s): move
    // them to the front and stop the search there. The numeric updates still use the whole column.
    for (int t = top; t < n; ++t) {
      const int s = lu.row_step_[reach[t]];
      if (s < 0 || s >= k || pruned[s]) continue;
      const int begin = lu.l_start_[s], end = lu.l_start_[s + 1];
      bool holds_pivot = false;
      for (int q = begin; q < end && !holds_pivot; ++q) holds_pivot = lu.l_index_[q] == pivot_row;
      if (!holds_pivot) continue;
      int head = begin, tail = end;
      while (head < tail) {
        if (lu.row_step_[lu.l_index_[head]] >= 0) {
          ++head;
        } else {
          --tail;
          std::swap(lu.l_index_[head], lu.l_index_[tail]);
          std::swap(lu.l_value_[head], lu.l_value_[tail]);
        }
      }
      search_end[s] = tail;
      pruned[s] = 1;
    }
    lu.u_start_.push_back(static_cast<int>(lu.u_index_.size()));
    // The dense switch: a structural test on the column just stored.
    const int left = n - k - 1;
    if (left >= kMinDense && left <= kMaxDense &&
        lu.l_start_[k + 1] - lu.l_start_[k] >= kDenseFraction * static_cast<double>(left)) {
      lu.dense_from_ = k + 1;
      dense_row.assign(n, -1);
      int h = 0;
      for (int i = 0; i < n; ++i)
        if (lu.row_step_[i] < 0) dense_row[i] = h++;
      schur = Eigen::MatrixXd::Zero(h, h);
    }
  }
  if (lu.dense_from_ < n) {
    lu.dense_.compute(schur);
    const auto diagonal = lu.dense_.matrixLU().diagonal();
    for (Eigen::Index k = 0; k < diagonal.size(); ++k)
      if (diagonal[k] == 0 || !std::isfinite(diagonal[k])) return std::nullopt;
    for (int i = 0; i < n; ++i)
      if (dense_row[i] >= 0) lu.row_step_[i] = lu.dense_from_ + dense_row[i];
  }
  for (int& i : lu.l_index_) i = lu.row_step_[i];  // rows of L in pivot order
  return lu;
}

// The right-hand sides are worked on row by row (z holds row k of all of them contiguously), so each
// entry of L and U is read once for all right-hand sides, not once per right-hand side.

// M y = b with L U = P M Q:  c = P b,  L U z = c,  y = Q z.
void BlockSparseLu::Solve(Eigen::MatrixXd* x) const {
  const Eigen::Index m = x->cols();
  std::vector<double> z(static_cast<std::size_t>(n_) * static_cast<std::size_t>(m));
  const auto row = [&](int k) { return z.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(m); };
  for (int i = 0; i < n_; ++i)
    for (Eigen::Index c = 0; c < m; ++c) row(row_step_[i])[c] = (*x)(i, c);
  for (int k = 0; k < n_; ++k) {
    const double* zk = row(k);
    for (int q = l_start_[k]; q < l_start_[k + 1]; ++q) {
      double* target = row(l_index_[q]);
      const double l = l_value_[q];
      for (Eigen::Index c = 0; c < m; ++c) target[c] -= l * zk[c];
    }
  }
  if (dense_from_ < n_) {  // S w2 = z2 on the dense rows
    using RowBlock = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
    RowBlock z2(row(dense_from_), n_ - dense_from_, m);
    if (m == 1) {  // a vector: Eigen's triangular kernels for vectors, not the blocked ones that pack S each time
      Eigen::Map<Eigen::VectorXd> v(row(dense_from_), n_ - dense_from_);
      v = dense_.solve(Eigen::VectorXd(v));
    } else {
      z2 = dense_.solve(Eigen::MatrixXd(z2));
    }
  }
  for (int k = n_ - 1; k >= 0; --k) {
    double* zk = row(k);
    if (k < dense_from_)
      for (Eigen::Index c = 0; c < m; ++c) zk[c] /= u_diagonal_[k];
    for (int q = u_start_[k]; q < u_start_[k + 1]; ++q) {
      double* target = row(u_index_[q]);
      const double u = u_value_[q];
      for (Eigen::Index c = 0; c < m; ++c) target[c] -= u * zk[c];
    }
  }
  for (int k = 0; k < n_; ++k)
    for (Eigen::Index c = 0; c < m; ++c) (*x)(column_[k], c) = row(k)[c];
}

// Mᵀ y = b:  Uᵀ Lᵀ w = Qᵀ b,  y = Pᵀ w.
void BlockSparseLu::SolveTransposed(Eigen::MatrixXd* x) const {
  const Eigen::Index m = x->cols();
  std::vector<double> w(static_cast<std::size_t>(n_) * static_cast<std::size_t>(m));
  const auto row = [&](int k) { return w.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(m); };
  for (int k = 0; k < n_; ++k) {
    double* wk = row(k);
    for (Eigen::Index c = 0; c < m; ++c) wk[c] = (*x)(column_[k], c);
    for (int q = u_start_[k]; q < u_start_[k + 1]; ++q) {
      const double* source = row(u_index_[q]);
      const double u = u_value_[q];
      for (Eigen::Index c = 0; c < m; ++c) wk[c] -= u * source[c];
    }
    if (k < dense_from_)
      for (Eigen::Index c = 0; c < m; ++c) wk[c] /= u_diagonal_[k];
  }
  if (dense_from_ < n_) {  // Sᵀ w2 = t2 on the dense rows
    using RowBlock = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
    RowBlock w2(row(dense_from_), n_ - dense_from_, m);
    if (m == 1) {  // a vector, as in Solve
      Eigen::Map<Eigen::VectorXd> v(row(dense_from_), n_ - dense_from_);
      Eigen::VectorXd t = v;
      DenseSolveTransposedInPlace(dense_, &t);
      v = t;
    } else {
      Eigen::MatrixXd t2 = w2;
      DenseSolveTransposedInPlace(dense_, &t2);
      w2 = t2;
    }
  }
  for (int k = n_ - 1; k >= 0; --k) {
    double* wk = row(k);
    for (int q = l_start_[k]; q < l_start_[k + 1]; ++q) {
      const double* source = row(l_index_[q]);
      const double l = l_value_[q];
      for (Eigen::Index c = 0; c < m; ++c) wk[c] -= l * source[c];
    }
  }
  for (int i = 0; i < n_; ++i)
    for (Eigen::Index c = 0; c < m; ++c) (*x)(i, c) = row(row_step_[i])[c];
}

}  // namespace pcf
