#include "engine/matrix/schur_block.h"

#include <algorithm>
#include <numeric>

#include "engine/matrix/block_triangular.h"
#include "engine/matrix/factorization.h"
#include "engine/matrix/matching.h"

namespace pcf {

namespace {

// The submatrix of `m` with rows `rows` and columns `cols` (local positions given by `row_pos`/`col_pos`,
// −1 for "not in").
SparseMatrix Submatrix(const SparseMatrix& m, const std::vector<int>& row_pos, std::size_t rows,
                       const std::vector<int>& cols) {
  std::vector<Triplet> t;
  for (std::size_t c = 0; c < cols.size(); ++c)
    for (SparseMatrix::InnerIterator it(m, cols[c]); it; ++it)
      if (row_pos[it.row()] >= 0) t.emplace_back(row_pos[it.row()], static_cast<int>(c), it.value());
  return FromTriplets(rows, cols.size(), t);
}

// Size of the largest strongly connected block of `m` restricted to the nodes with keep[j] (the diagonal
// is the matching).
int LargestLoop(const SparseMatrix& m, const std::vector<char>& keep) {
  std::vector<int> pos(m.rows(), -1), nodes;
  for (int j = 0; j < m.cols(); ++j)
    if (keep[j]) { pos[j] = static_cast<int>(nodes.size()); nodes.push_back(j); }
  const SparseMatrix sub = Submatrix(m, pos, nodes.size(), nodes);
  Matching identity;
  identity.row_of_column.resize(nodes.size());
  std::iota(identity.row_of_column.begin(), identity.row_of_column.end(), 0);
  identity.column_of_row = identity.row_of_column;
  const BlockOrder order = FindBlocks(sub, identity);
  int largest = 0;
  for (std::size_t k = 0; k < order.block_count(); ++k)
    largest = std::max(largest, order.block_start[k + 1] - order.block_start[k]);
  return largest;
}

}  // namespace

SchurBlockLu::SchurBlockLu(SchurBlockLu&&) noexcept = default;
SchurBlockLu& SchurBlockLu::operator=(SchurBlockLu&&) noexcept = default;
SchurBlockLu::~SchurBlockLu() = default;

std::optional<SchurBlockLu> SchurBlockLu::TryCompute(const SparseMatrix& m, int max_rest_block) {
  const int n = static_cast<int>(m.rows());
  // Hub score: (entries in the column) × (entries in the row). A market has few inputs (its producers)
  // but many users; removing the highest scores first breaks the most loops per hub.
  std::vector<double> col_count(n, 0), row_count(n, 0);
  for (int j = 0; j < n; ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it)
      if (it.row() != j && it.value() != 0) { col_count[j] += 1; row_count[it.row()] += 1; }
  std::vector<int> by_score(n);
  std::iota(by_score.begin(), by_score.end(), 0);
  std::stable_sort(by_score.begin(), by_score.end(), [&](int a, int b) {
    return (col_count[a] + 1) * (row_count[a] + 1) > (col_count[b] + 1) * (row_count[b] + 1);
  });

  // Grow the hub set geometrically until the rest has only small loops.
  std::vector<char> keep(n, 1);
  int hubs = 0;
  for (int target = std::max(1, n / 64);; target = std::min(n / 2, target + std::max(1, target / 4))) {
    for (; hubs < target; ++hubs) keep[by_score[hubs]] = 0;
    if (LargestLoop(m, keep) <= max_rest_block) break;
    if (target >= n / 2) return std::nullopt;
  }

  SchurBlockLu lu;
  std::vector<int> rest_pos(n, -1), hub_pos(n, -1);
  for (int j = 0; j < n; ++j) {
    if (keep[j]) { rest_pos[j] = static_cast<int>(lu.rest_.size()); lu.rest_.push_back(j); }
    else { hub_pos[j] = static_cast<int>(lu.hub_.size()); lu.hub_.push_back(j); }
  }
  const SparseMatrix m_oo = Submatrix(m, rest_pos, lu.rest_.size(), lu.rest_);
  lu.m_oh_ = Submatrix(m, rest_pos, lu.rest_.size(), lu.hub_);
  lu.m_ho_ = Submatrix(m, hub_pos, lu.hub_.size(), lu.rest_);
  const Eigen::MatrixXd m_hh(Submatrix(m, hub_pos, lu.hub_.size(), lu.hub_));
  try {
    lu.rest_lu_ = std::make_unique<Factorization>(Factorization::Compute(m_oo, SolveMethod::kBlockTriangular, /*refine=*/false));
    const Eigen::MatrixXd y = lu.rest_lu_->Solve(Eigen::MatrixXd(lu.m_oh_));  // M_OO⁻¹ M_OH
    lu.schur_lu_.compute(m_hh - lu.m_ho_ * y);
  } catch (const SingularSystemError&) {
    return std::nullopt;
  }
  const auto diagonal = lu.schur_lu_.matrixLU().diagonal();
  for (Eigen::Index k = 0; k < diagonal.size(); ++k)
    if (diagonal[k] == 0 || !std::isfinite(diagonal[k])) return std::nullopt;
  return lu;
}

void SchurBlockLu::Split(const Eigen::MatrixXd& b, Eigen::MatrixXd* b_o, Eigen::MatrixXd* b_h) const {
  b_o->resize(static_cast<Eigen::Index>(rest_.size()), b.cols());
  b_h->resize(static_cast<Eigen::Index>(hub_.size()), b.cols());
  for (std::size_t k = 0; k < rest_.size(); ++k) b_o->row(static_cast<Eigen::Index>(k)) = b.row(rest_[k]);
  for (std::size_t k = 0; k < hub_.size(); ++k) b_h->row(static_cast<Eigen::Index>(k)) = b.row(hub_[k]);
}

Eigen::MatrixXd SchurBlockLu::Join(const Eigen::MatrixXd& x_o, const Eigen::MatrixXd& x_h) const {
  Eigen::MatrixXd x(x_o.rows() + x_h.rows(), x_o.cols());
  for (std::size_t k = 0; k < rest_.size(); ++k) x.row(rest_[k]) = x_o.row(static_cast<Eigen::Index>(k));
  for (std::size_t k = 0; k < hub_.size(); ++k) x.row(hub_[k]) = x_h.row(static_cast<Eigen::Index>(k));
  return x;
}

// M x = b:  z = M_OO⁻¹ b_O,  S x_H = b_H − M_HO z,  x_O = M_OO⁻¹ (b_O − M_OH x_H).
Eigen::MatrixXd SchurBlockLu::Solve(const Eigen::MatrixXd& b) const {
  Eigen::MatrixXd b_o, b_h;
  Split(b, &b_o, &b_h);
  const Eigen::MatrixXd z = rest_lu_->Solve(b_o);
  const Eigen::MatrixXd x_h = schur_lu_.solve(b_h - m_ho_ * z);
  return Join(rest_lu_->Solve(Eigen::MatrixXd(b_o - m_oh_ * x_h)), x_h);
}

// Mᵀ x = b:  z = M_OO⁻ᵀ b_O,  Sᵀ x_H = b_H − M_OHᵀ z,  x_O = M_OO⁻ᵀ (b_O − M_HOᵀ x_H).
Eigen::MatrixXd SchurBlockLu::SolveTransposed(const Eigen::MatrixXd& b) const {
  Eigen::MatrixXd b_o, b_h;
  Split(b, &b_o, &b_h);
  const Eigen::MatrixXd z = rest_lu_->SolveTransposed(b_o);
  const Eigen::MatrixXd x_h = schur_lu_.transpose().solve(b_h - m_oh_.transpose() * z);
  return Join(rest_lu_->SolveTransposed(Eigen::MatrixXd(b_o - m_ho_.transpose() * x_h)), x_h);
}

std::size_t SchurBlockLu::nnz() const {
  return rest_lu_->stats().nnz_lu + static_cast<std::size_t>(m_oh_.nonZeros() + m_ho_.nonZeros()) +
         hub_.size() * hub_.size();
}

}  // namespace pcf
