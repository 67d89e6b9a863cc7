#include "engine/matrix/incomplete_lu.h"

#include <cmath>

namespace pcf {

std::optional<IncompleteLu> IncompleteLu::Compute(const SparseMatrix& m) {
  using RowMajor = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
  RowMajor rows = m;  // rows with ascending columns
  rows.makeCompressed();
  IncompleteLu lu;
  const int n = static_cast<int>(rows.rows());
  lu.n_ = n;
  lu.start_.assign(rows.outerIndexPtr(), rows.outerIndexPtr() + n + 1);
  lu.column_.assign(rows.innerIndexPtr(), rows.innerIndexPtr() + rows.nonZeros());
  lu.value_.assign(rows.valuePtr(), rows.valuePtr() + rows.nonZeros());
  lu.diagonal_.assign(n, -1);
  std::vector<int> position(n, -1);  // position of column j in the current row, or −1
  for (int i = 0; i < n; ++i) {
    for (int p = lu.start_[i]; p < lu.start_[i + 1]; ++p) {
      position[lu.column_[p]] = p;
      if (lu.column_[p] == i) lu.diagonal_[i] = p;
    }
    if (lu.diagonal_[i] < 0) return std::nullopt;
    // IKJ: eliminate row i's lower entries with the rows above, keeping only entries in row i's pattern.
    for (int p = lu.start_[i]; p < lu.diagonal_[i]; ++p) {
      const int k = lu.column_[p];
      const double l = lu.value_[p] / lu.value_[lu.diagonal_[k]];
      lu.value_[p] = l;
      for (int q = lu.diagonal_[k] + 1; q < lu.start_[k + 1]; ++q)
        if (const int at = position[lu.column_[q]]; at >= 0) lu.value_[at] -= l * lu.value_[q];
    }
    const double pivot = lu.value_[lu.diagonal_[i]];
    if (pivot == 0 || !std::isfinite(pivot)) return std::nullopt;
    for (int p = lu.start_[i]; p < lu.start_[i + 1]; ++p) position[lu.column_[p]] = -1;
  }
  return lu;
}

void IncompleteLu::Solve(Eigen::VectorXd* x) const {
  Eigen::VectorXd& v = *x;
  for (int i = 0; i < n_; ++i)  // L y = r (unit lower)
    for (int p = start_[i]; p < diagonal_[i]; ++p) v[i] -= value_[p] * v[column_[p]];
  for (int i = n_ - 1; i >= 0; --i) {  // U z = y
    for (int p = diagonal_[i] + 1; p < start_[i + 1]; ++p) v[i] -= value_[p] * v[column_[p]];
    v[i] /= value_[diagonal_[i]];
  }
}

void IncompleteLu::SolveTransposed(Eigen::VectorXd* x) const {
  Eigen::VectorXd& v = *x;
  for (int i = 0; i < n_; ++i) {  // Uᵀ y = r: row i of U is column i of Uᵀ
    v[i] /= value_[diagonal_[i]];
    for (int p = diagonal_[i] + 1; p < start_[i + 1]; ++p) v[column_[p]] -= value_[p] * v[i];
  }
  for (int i = n_ - 1; i >= 0; --i)  // Lᵀ z = y
    for (int p = start_[i]; p < diagonal_[i]; ++p) v[column_[p]] -= value_[p] * v[i];
}

}  // namespace pcf
