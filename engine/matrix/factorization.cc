#include "engine/matrix/factorization.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/LU>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include "engine/matrix/block_triangular.h"
#include "engine/matrix/matching.h"
#include "engine/matrix/schur_block.h"

namespace pcf {

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using SparseLu = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>;
using DenseLu = Eigen::PartialPivLU<Eigen::MatrixXd>;

// Blocks up to this size are factorized densely: below it the dense kernel beats SparseLU's set-up
// cost (measured on the synthetic 26k model, see docs/solver.md).
constexpr int kDenseBlockLimit = 128;

// An LU of one block (or of the whole matrix), dense or sparse.
struct BlockLu {
  std::unique_ptr<DenseLu> dense;
  std::unique_ptr<SchurBlockLu> schur;
  std::unique_ptr<SparseLu> sparse;
  std::size_t nnz = 0;

  Eigen::MatrixXd Solve(const Eigen::MatrixXd& b) const {
    if (dense) return dense->solve(b);
    if (schur) return schur->Solve(b);
    return sparse->solve(b);
  }
  Eigen::MatrixXd SolveTransposed(const Eigen::MatrixXd& b) const {
    if (dense) return dense->transpose().solve(b);
    if (schur) return schur->SolveTransposed(b);
    return sparse->transpose().solve(b);
  }
};

enum class BlockKind { kDense, kHubSchur, kSparse };

// Factorizes `m`; returns false when a pivot is exactly zero. kHubSchur falls back to sparse LU when the
// block has no small set of hubs.
bool FactorizeInto(const SparseMatrix& m, BlockKind kind, BlockLu* lu) {
  if (kind == BlockKind::kHubSchur) {
    if (auto schur = SchurBlockLu::TryCompute(m, kDenseBlockLimit)) {
      lu->schur = std::make_unique<SchurBlockLu>(std::move(*schur));
      lu->nnz = lu->schur->nnz();
      return true;
    }
    kind = BlockKind::kSparse;
  }
  if (kind == BlockKind::kDense) {
    lu->dense = std::make_unique<DenseLu>(Eigen::MatrixXd(m));
    const auto diagonal = lu->dense->matrixLU().diagonal();
    for (Eigen::Index k = 0; k < diagonal.size(); ++k)
      if (diagonal[k] == 0 || !std::isfinite(diagonal[k])) return false;
    lu->nnz = static_cast<std::size_t>(m.rows() * m.cols());
    return true;
  }
  lu->sparse = std::make_unique<SparseLu>();
  lu->sparse->analyzePattern(m);
  lu->sparse->factorize(m);
  if (lu->sparse->info() != Eigen::Success) return false;
  lu->nnz = static_cast<std::size_t>(lu->sparse->nnzL() + lu->sparse->nnzU());
  return true;
}

void RequireFinite(const Eigen::MatrixXd& x) {
  if (!x.allFinite())
    throw SingularSystemError(SingularSystemError::Cause::kNumerical,
                              "the solution is not finite: the technosphere matrix is numerically singular", {}, {});
}

}  // namespace

struct Factorization::Impl {
  SolveMethod method = SolveMethod::kBlockTriangular;
  bool refine = true;
  FactorizationStats stats;
  SparseMatrix a;  // kept for the off-block updates of the block-triangular solve
  std::vector<int> row_of_column;
  std::vector<int> block_of_row;
  BlockOrder order;
  std::vector<double> pivot;         // per block: the 1×1 value, unused for larger blocks
  std::vector<int> lu_of_block;      // per block: index into `lus`, or -1 for 1×1 blocks
  std::vector<BlockLu> lus;          // block LUs, or the one LU of the plain methods
  std::vector<int> position_in_block;  // per row: its position inside its block

  RowMatrix SolveBlocks(RowMatrix rhs) const;
  Eigen::MatrixXd SolveOnce(const Eigen::MatrixXd& b, bool transposed) const;
  Eigen::MatrixXd SolveRefined(const Eigen::MatrixXd& b, bool transposed) const;
  RowMatrix SolveBlocksTransposed(const RowMatrix& c) const;
  Eigen::MatrixXd LocalRhs(const RowMatrix& source, int block, bool by_row) const;
};

Factorization::Factorization(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Factorization::Factorization(Factorization&&) noexcept = default;
Factorization& Factorization::operator=(Factorization&&) noexcept = default;
Factorization::~Factorization() = default;

std::size_t Factorization::size() const { return static_cast<std::size_t>(impl_->a.rows()); }
SolveMethod Factorization::method() const { return impl_->method; }
const FactorizationStats& Factorization::stats() const { return impl_->stats; }

Factorization Factorization::Compute(const SparseMatrix& a, SolveMethod method, bool refine) {
  if (a.rows() != a.cols())
    throw SingularSystemError(
        SingularSystemError::Cause::kNotSquare,
        fmt::format("the technosphere matrix is not square: {} products × {} processes. Each process must supply "
                    "exactly one product (split multi-output processes by allocation, or add the missing "
                    "producers)",
                    a.rows(), a.cols()),
        {}, {});
  auto impl = std::make_unique<Impl>();
  impl->method = method;
  impl->refine = refine;
  impl->a = a;
  impl->a.makeCompressed();
  impl->stats.nnz_a = static_cast<std::size_t>(a.nonZeros());
  const int n = static_cast<int>(a.rows());

  // Structural check for every method: it names what is missing, where an LU would only say "singular".
  Matching matching = MaximumTransversal(impl->a);
  if (!matching.Perfect()) {
    std::vector<int> rows, columns;
    for (int i = 0; i < n; ++i)
      if (matching.column_of_row[i] < 0) rows.push_back(i);
    for (int j = 0; j < n; ++j)
      if (matching.row_of_column[j] < 0) columns.push_back(j);
    std::string message = fmt::format(
        "the technosphere matrix is structurally singular: {} of {} products cannot be supplied by a distinct process",
        rows.size(), n);
    throw SingularSystemError(SingularSystemError::Cause::kStructural, std::move(message), std::move(rows),
                              std::move(columns));
  }

  if (method != SolveMethod::kBlockTriangular) {
    BlockLu lu;
    if (!FactorizeInto(impl->a, method == SolveMethod::kDenseLU ? BlockKind::kDense : BlockKind::kSparse, &lu))
      throw SingularSystemError(SingularSystemError::Cause::kNumerical,
                                "the technosphere matrix is numerically singular (a zero pivot in its LU)", {}, {});
    impl->stats.nnz_lu = lu.nnz;
    impl->stats.blocks = 1;
    impl->stats.largest_block = static_cast<std::size_t>(n);
    impl->lus.push_back(std::move(lu));
    return Factorization(std::move(impl));
  }

  impl->row_of_column = matching.row_of_column;
  impl->order = FindBlocks(impl->a, matching);
  const BlockOrder& order = impl->order;
  const int blocks = static_cast<int>(order.block_count());
  impl->block_of_row.assign(n, -1);
  impl->position_in_block.assign(n, -1);
  for (int k = 0; k < blocks; ++k)
    for (int t = order.block_start[k]; t < order.block_start[k + 1]; ++t) {
      const int row = impl->row_of_column[order.columns[t]];
      impl->block_of_row[row] = k;
      impl->position_in_block[row] = t - order.block_start[k];
    }
  impl->pivot.assign(blocks, 0.0);
  impl->lu_of_block.assign(blocks, -1);
  impl->stats.blocks = static_cast<std::size_t>(blocks);

  const int* outer = impl->a.outerIndexPtr();
  const int* inner = impl->a.innerIndexPtr();
  const double* values = impl->a.valuePtr();
  std::vector<Triplet> local;
  for (int k = 0; k < blocks; ++k) {
    const int begin = order.block_start[k];
    const int size = order.block_start[k + 1] - begin;
    impl->stats.largest_block = std::max(impl->stats.largest_block, static_cast<std::size_t>(size));
    if (size == 1) {
      const int j = order.columns[begin];
      impl->pivot[k] = impl->a.coeff(impl->row_of_column[j], j);
      ++impl->stats.nnz_lu;
      continue;
    }
    local.clear();
    for (int t = 0; t < size; ++t) {
      const int j = order.columns[begin + t];
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (impl->block_of_row[inner[p]] == k) local.emplace_back(impl->position_in_block[inner[p]], t, values[p]);
    }
    BlockLu lu;
    const BlockKind kind = size <= kDenseBlockLimit ? BlockKind::kDense : BlockKind::kHubSchur;
    if (!FactorizeInto(FromTriplets(size, size, local), kind, &lu)) {
      std::vector<int> rows, columns;
      for (int t = 0; t < size; ++t) {
        columns.push_back(order.columns[begin + t]);
        rows.push_back(impl->row_of_column[order.columns[begin + t]]);
      }
      std::string message = fmt::format(
          "the technosphere matrix is numerically singular: a loop of {} processes has no unique solution (the "
          "processes supply each other with no net output)",
          size);
      throw SingularSystemError(SingularSystemError::Cause::kNumerical, std::move(message), std::move(rows),
                                std::move(columns));
    }
    impl->stats.nnz_lu += lu.nnz;
    impl->lu_of_block[k] = static_cast<int>(impl->lus.size());
    impl->lus.push_back(std::move(lu));
  }
  return Factorization(std::move(impl));
}

// Gathers the rows of `source` that belong to `block`, in block order: by matched row (forward) or by
// column (transposed).
Eigen::MatrixXd Factorization::Impl::LocalRhs(const RowMatrix& source, int block, bool by_row) const {
  const int begin = order.block_start[block];
  const int size = order.block_start[block + 1] - begin;
  Eigen::MatrixXd local(size, source.cols());
  for (int t = 0; t < size; ++t) {
    const int j = order.columns[begin + t];
    local.row(t) = source.row(by_row ? row_of_column[j] : j);
  }
  return local;
}

RowMatrix Factorization::Impl::SolveBlocks(RowMatrix rhs) const {
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  RowMatrix s = RowMatrix::Zero(a.cols(), rhs.cols());
  const int blocks = static_cast<int>(order.block_count());
  for (int k = 0; k < blocks; ++k) {
    const int begin = order.block_start[k];
    const int end = order.block_start[k + 1];
    if (lu_of_block[k] < 0) {
      const int j = order.columns[begin];
      s.row(j) = rhs.row(row_of_column[j]) / pivot[k];
    } else {
      Eigen::MatrixXd x = lus[lu_of_block[k]].Solve(LocalRhs(rhs, k, /*by_row=*/true));
      for (int t = begin; t < end; ++t) s.row(order.columns[t]) = x.row(t - begin);
    }
    // Move the now known supply to the right-hand side of the rows that use it (all in later blocks).
    for (int t = begin; t < end; ++t) {
      const int j = order.columns[t];
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (block_of_row[inner[p]] != k) rhs.row(inner[p]) -= values[p] * s.row(j);
    }
  }
  return s;
}

RowMatrix Factorization::Impl::SolveBlocksTransposed(const RowMatrix& c) const {
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  RowMatrix x = RowMatrix::Zero(a.rows(), c.cols());
  RowMatrix local_c(1, c.cols());
  for (int k = static_cast<int>(order.block_count()) - 1; k >= 0; --k) {
    const int begin = order.block_start[k];
    const int end = order.block_start[k + 1];
    // Column j's equation: sum over rows i of A(i, j) x_i = c_j; rows outside the block are known.
    Eigen::MatrixXd b(end - begin, c.cols());
    for (int t = begin; t < end; ++t) {
      const int j = order.columns[t];
      local_c = c.row(j);
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (block_of_row[inner[p]] != k) local_c -= values[p] * x.row(inner[p]);
      b.row(t - begin) = local_c;
    }
    if (lu_of_block[k] < 0) {
      x.row(row_of_column[order.columns[begin]]) = b.row(0) / pivot[k];
    } else {
      Eigen::MatrixXd y = lus[lu_of_block[k]].SolveTransposed(b);
      for (int t = begin; t < end; ++t) x.row(row_of_column[order.columns[t]]) = y.row(t - begin);
    }
  }
  return x;
}

Eigen::MatrixXd Factorization::Impl::SolveOnce(const Eigen::MatrixXd& f, bool transposed) const {
  if (method != SolveMethod::kBlockTriangular)
    return transposed ? lus.front().SolveTransposed(f) : lus.front().Solve(f);
  return transposed ? Eigen::MatrixXd(SolveBlocksTransposed(RowMatrix(f))) : Eigen::MatrixXd(SolveBlocks(RowMatrix(f)));
}

// Solves, then refines: x += solve(b − A x), at most kRefinementSteps times, while the correction still
// changes x by more than a few ulps. LU with threshold or 1×1 pivots is backward stable only up to a
// growth factor; one or two steps in working precision bring the answer to full accuracy (measured on
// the synthetic 26k model against refined UMFPACK: 1e-7 → 1e-15, docs/solver.md).
Eigen::MatrixXd Factorization::Impl::SolveRefined(const Eigen::MatrixXd& b, bool transposed) const {
  constexpr int kRefinementSteps = 2;
  Eigen::MatrixXd x = SolveOnce(b, transposed);
  RequireFinite(x);
  for (int step = 0; refine && step < kRefinementSteps; ++step) {
    const Eigen::MatrixXd residual = transposed ? Eigen::MatrixXd(b - a.transpose() * x) : Eigen::MatrixXd(b - a * x);
    const Eigen::MatrixXd correction = SolveOnce(residual, transposed);
    if (!correction.allFinite()) break;
    x += correction;
    if (correction.lpNorm<Eigen::Infinity>() <= 4 * std::numeric_limits<double>::epsilon() * x.lpNorm<Eigen::Infinity>())
      break;
  }
  return x;
}

Eigen::MatrixXd Factorization::Solve(const Eigen::MatrixXd& f) const { return impl_->SolveRefined(f, false); }

Eigen::MatrixXd Factorization::SolveTransposed(const Eigen::MatrixXd& c) const {
  return impl_->SolveRefined(c, true);
}

Eigen::VectorXd Factorization::Solve(const Eigen::VectorXd& f) const {
  return Solve(Eigen::MatrixXd(f)).col(0);
}

Eigen::VectorXd Factorization::SolveTransposed(const Eigen::VectorXd& c) const {
  return SolveTransposed(Eigen::MatrixXd(c)).col(0);
}

const char* SolveMethodName(SolveMethod method) {
  switch (method) {
    case SolveMethod::kBlockTriangular: return "block-triangular";
    case SolveMethod::kSparseLU: return "sparse-lu";
    case SolveMethod::kDenseLU: return "dense-lu";
  }
  return "unknown";
}

double RelativeResidual(const SparseMatrix& a, const Eigen::VectorXd& s, const Eigen::VectorXd& f) {
  const Eigen::VectorXd r = a * s - f;
  const double f_norm = f.lpNorm<Eigen::Infinity>();
  const double r_norm = r.size() ? r.lpNorm<Eigen::Infinity>() : 0.0;
  return f_norm > 0 ? r_norm / f_norm : r_norm;
}

}  // namespace pcf
