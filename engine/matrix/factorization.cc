#include "engine/matrix/factorization.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>

#include <Eigen/LU>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include "engine/matrix/block_triangular.h"
#include "engine/matrix/incomplete_lu.h"
#include "engine/matrix/krylov.h"
#include "engine/matrix/matching.h"
#include "engine/matrix/sparse_lu.h"

namespace pcf {

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using SparseLu = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>;
using DenseLu = Eigen::PartialPivLU<Eigen::MatrixXd>;

// Blocks up to this size are factorized densely: below it the dense kernel beats a sparse LU's set-up
// cost (measured on the synthetic 26k model, see docs/solver.md).
constexpr int kDenseBlockLimit = 128;

// An LU of one block (or of the whole matrix): dense, sparse (our threshold-pivoting LU of one block) or
// Eigen's SparseLU (the `sparse-lu` reference method on the whole matrix).
struct BlockLu {
  std::unique_ptr<DenseLu> dense;
  std::unique_ptr<BlockSparseLu> block_sparse;
  std::unique_ptr<SparseLu> sparse;
  std::size_t nnz = 0;

  bool empty() const { return !dense && !block_sparse && !sparse; }
  Eigen::MatrixXd Solve(const Eigen::MatrixXd& b) const {
    if (dense) return dense->solve(b);
    if (block_sparse) {
      Eigen::MatrixXd x = b;
      block_sparse->Solve(&x);
      return x;
    }
    return sparse->solve(b);
  }
  Eigen::MatrixXd SolveTransposed(const Eigen::MatrixXd& b) const {
    if (dense) {
      Eigen::MatrixXd x = b;
      DenseSolveTransposedInPlace(*dense, &x);
      return x;
    }
    if (block_sparse) {
      Eigen::MatrixXd x = b;
      block_sparse->SolveTransposed(&x);
      return x;
    }
    return sparse->transpose().solve(b);
  }
};

enum class BlockKind { kDense, kBlockSparse, kSparse };

// The kind for a block of `size` rows: a structural test, decided before any arithmetic.
BlockKind KindForBlock(int size) { return size <= kDenseBlockLimit ? BlockKind::kDense : BlockKind::kBlockSparse; }

// Factorizes `m`; returns false when no non-zero pivot is left (numerically singular).
// `order`: a sparse block's fill-reducing order from an earlier factorization of the same pattern.
bool FactorizeInto(const SparseMatrix& m, BlockKind kind, BlockLu* lu, const std::vector<int>* order = nullptr) {
  if (kind == BlockKind::kBlockSparse) {
    auto sparse = BlockSparseLu::Compute(m, order);
    if (!sparse) return false;
    lu->block_sparse = std::make_unique<BlockSparseLu>(std::move(*sparse));
    lu->nnz = lu->block_sparse->nnz() + static_cast<std::size_t>(m.rows());
    return true;
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

// Hager–Higham estimate of ‖B‖₁ (Higham, "FORTRAN codes for estimating the one-norm of a real or
// complex matrix", 1988, algorithm 2.1 with the extra alternating-sign test vector), given products with
// B and Bᵀ. A handful of products; a lower bound that is almost always within a factor 3.
double EstimateNorm1(Eigen::Index n, const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& times,
                     const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& times_transposed) {
  if (n == 0) return 0;
  Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  double estimate = 0;
  for (int iteration = 0; iteration < 5; ++iteration) {
    const Eigen::VectorXd y = times(x);
    const double norm = y.lpNorm<1>();
    if (!std::isfinite(norm)) return std::numeric_limits<double>::infinity();
    if (iteration > 0 && norm <= estimate) break;
    estimate = norm;
    const Eigen::VectorXd sign = y.unaryExpr([](double v) { return v < 0 ? -1.0 : 1.0; });
    const Eigen::VectorXd z = times_transposed(sign);
    Eigen::Index j = 0;
    const double largest = z.cwiseAbs().maxCoeff(&j);
    if (iteration > 0 && largest <= z.dot(x)) break;
    x.setZero();
    x[j] = 1;
  }
  for (Eigen::Index i = 0; i < n; ++i)
    x[i] = (i % 2 ? -1.0 : 1.0) * (1.0 + (n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0));
  const double alternative = 2 * times(x).lpNorm<1>() / (3 * static_cast<double>(n));
  return std::max(estimate, alternative);
}

// Condition number estimate of D_r M D_c (rows, then columns scaled to a largest magnitude of 1):
// ‖D_r M D_c‖₁ · ‖D_c⁻¹ M⁻¹ D_r⁻¹‖₁, with `solve`/`solve_transposed` applying M⁻¹ and M⁻ᵀ.
double EstimateCondition(const SparseMatrix& m, const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& solve,
                         const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& solve_transposed) {
  Eigen::VectorXd row_scale = Eigen::VectorXd::Zero(m.rows()), column_scale = Eigen::VectorXd::Zero(m.cols());
  for (int j = 0; j < m.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it)
      row_scale[it.row()] = std::max(row_scale[it.row()], std::abs(it.value()));
  for (Eigen::Index i = 0; i < row_scale.size(); ++i) row_scale[i] = row_scale[i] > 0 ? 1 / row_scale[i] : 1;
  double norm = 0;
  for (int j = 0; j < m.outerSize(); ++j) {
    double largest = 0, sum = 0;
    for (SparseMatrix::InnerIterator it(m, j); it; ++it) {
      largest = std::max(largest, std::abs(it.value()) * row_scale[it.row()]);
      sum += std::abs(it.value()) * row_scale[it.row()];
    }
    column_scale[j] = largest > 0 ? 1 / largest : 1;
    norm = std::max(norm, sum * column_scale[j]);
  }
  const auto inverse = [&](const Eigen::VectorXd& x) -> Eigen::VectorXd {
    return solve(x.cwiseQuotient(row_scale)).cwiseQuotient(column_scale);
  };
  const auto inverse_transposed = [&](const Eigen::VectorXd& x) -> Eigen::VectorXd {
    return solve_transposed(x.cwiseQuotient(column_scale)).cwiseQuotient(row_scale);
  };
  return norm * EstimateNorm1(m.cols(), inverse, inverse_transposed);
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
  SparseMatrix a;  // kept for the off-block updates of the block-triangular solve and the refinement
  std::vector<int> row_of_column;
  std::vector<int> block_of_row;
  BlockOrder order;
  std::vector<double> pivot;         // per block: the 1×1 value, unused for larger blocks
  std::vector<int> lu_of_block;      // per block: index into `lus`, or -1 for 1×1 blocks
  std::vector<BlockLu> lus;          // block LUs, or the one LU of the plain methods
  std::vector<int> position_in_block;  // per row: its position inside its block
  bool estimate_condition = true;
  // For Refactorize: which stored entries were zero (the block order ignores them), the entry of each
  // 1×1 block's pivot (-1 for larger blocks), and per LU its block, its local matrix and, for each of the
  // local matrix's stored values, the entry of `a` it comes from.
  std::vector<char> was_zero;
  std::vector<int> pivot_entry;
  std::vector<int> block_of_lu;
  std::vector<SparseMatrix> block_matrix;
  std::vector<std::vector<int>> block_from;
  // For RefactorizeIterative, per LU (empty when the block is not kept): the kept LU (the preconditioner),
  // the block's values and 1-norm when it was kept, and whether the current values are solved by GMRES.
  std::vector<BlockLu> kept_lu;
  std::vector<std::vector<double>> kept_values;
  std::vector<double> kept_norm;
  std::vector<char> iterating;
  // kIterative: per LU, the ILU(0) preconditioner of a large block solved by GMRES instead of an LU.
  std::vector<std::optional<IncompleteLu>> incomplete;
  mutable IterationStats iteration;
  // kIterative: the kBlockTriangular factorization made when an iteration fell short (then used for every
  // later solve too).
  mutable std::unique_ptr<Factorization> fallback;
  mutable std::mutex fallback_mutex;
  Eigen::MatrixXd SolveChecked(const Eigen::MatrixXd& b, bool transposed, SolveReport* report) const;
  bool BlockStructured() const { return method == SolveMethod::kBlockTriangular || method == SolveMethod::kIterative; }
  // GMRES's relative residual target: tight for a first solve, loose for a refinement's correction (whose
  // right-hand side is already the small residual: a factor 1e-6 less of it is all a step needs).
  static constexpr double kFirstSolveTolerance = 1e-11, kCorrectionTolerance = 1e-6;
  mutable double krylov_tolerance = kFirstSolveTolerance;

  bool Update(const SparseMatrix& drawn, bool iterate);
  Eigen::MatrixXd SolveBlock(int lu, const Eigen::MatrixXd& b, bool transposed) const;

  [[noreturn]] void ThrowSingularBlock(int block) const;

  RowMatrix SolveBlocks(RowMatrix rhs) const;
  Eigen::MatrixXd SolveOnce(const Eigen::MatrixXd& b, bool transposed) const;
  Eigen::MatrixXd SolveRefined(const Eigen::MatrixXd& b, bool transposed, SolveReport* report) const;
  std::vector<double> BackwardErrors(const Eigen::MatrixXd& b, const Eigen::MatrixXd& x, bool transposed,
                                     Eigen::MatrixXd* residual) const;
  void EstimateConditions();
  void EstimateBlockConditions();
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

Factorization Factorization::Compute(const SparseMatrix& a, SolveMethod method, bool refine, bool estimate_condition) {
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
  impl->estimate_condition = estimate_condition;
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

  if (!impl->BlockStructured()) {
    BlockLu lu;
    if (!FactorizeInto(impl->a, method == SolveMethod::kDenseLU ? BlockKind::kDense : BlockKind::kSparse, &lu))
      throw SingularSystemError(SingularSystemError::Cause::kNumerical,
                                "the technosphere matrix is numerically singular (a zero pivot in its LU)", {}, {});
    impl->stats.nnz_lu = lu.nnz;
    impl->stats.blocks = 1;
    impl->stats.largest_block = static_cast<std::size_t>(n);
    impl->lus.push_back(std::move(lu));
    impl->EstimateConditions();
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
  impl->pivot_entry.assign(blocks, -1);
  impl->was_zero.resize(static_cast<std::size_t>(impl->a.nonZeros()));
  for (Eigen::Index p = 0; p < impl->a.nonZeros(); ++p) impl->was_zero[static_cast<std::size_t>(p)] = impl->a.valuePtr()[p] == 0;
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
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (inner[p] == impl->row_of_column[j]) impl->pivot_entry[k] = p;
      impl->pivot[k] = values[impl->pivot_entry[k]];
      ++impl->stats.nnz_lu;
      continue;
    }
    // The local matrix is built twice: with the positions of the entries as values (exact in a double),
    // which gives for each of its stored values the entry it comes from, then with the values.
    local.clear();
    for (int t = 0; t < size; ++t) {
      const int j = order.columns[begin + t];
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (impl->block_of_row[inner[p]] == k) local.emplace_back(impl->position_in_block[inner[p]], t, static_cast<double>(p));
    }
    SparseMatrix block = FromTriplets(size, size, local);
    std::vector<int> from(static_cast<std::size_t>(block.nonZeros()));
    for (std::size_t q = 0; q < from.size(); ++q) {
      from[q] = static_cast<int>(block.valuePtr()[q]);
      block.valuePtr()[q] = values[from[q]];
    }
    BlockLu lu;
    std::optional<IncompleteLu> incomplete;
    // kIterative: a block above the dense limit gets an ILU(0) and GMRES (an LU when it has none).
    if (method == SolveMethod::kIterative && KindForBlock(size) != BlockKind::kDense) incomplete = IncompleteLu::Compute(block);
    if (incomplete) {
      impl->stats.nnz_lu += incomplete->nnz();
    } else {
      if (!FactorizeInto(block, KindForBlock(size), &lu)) impl->ThrowSingularBlock(k);
      impl->stats.nnz_lu += lu.nnz;
    }
    impl->lu_of_block[k] = static_cast<int>(impl->lus.size());
    if (method == SolveMethod::kIterative) {
      impl->iterating.resize(impl->lus.size() + 1, 0);
      impl->incomplete.resize(impl->lus.size() + 1);
      impl->iterating.back() = incomplete ? 1 : 0;
      impl->incomplete.back() = std::move(incomplete);
    }
    impl->lus.push_back(std::move(lu));
    impl->block_of_lu.push_back(k);
    impl->block_matrix.push_back(std::move(block));
    impl->block_from.push_back(std::move(from));
  }
  // kIterative with no block left to iterate is the direct path exactly: say so (and estimate the condition).
  if (method == SolveMethod::kIterative && std::find(impl->iterating.begin(), impl->iterating.end(), 1) == impl->iterating.end()) {
    impl->method = SolveMethod::kBlockTriangular;
    impl->iterating.clear();
    impl->incomplete.clear();
  }
  impl->EstimateConditions();
  // The blocks are estimated only to name the worst one in the warning, when the whole matrix's estimate is
  // above the threshold: each block estimate costs a dozen solves with its LU (a quarter of the
  // factorization time of an 8,000-process model with one 788-process loop).
  if (impl->stats.condition_estimate > kIllConditioned) impl->EstimateBlockConditions();
  return Factorization(std::move(impl));
}

void Factorization::Impl::EstimateBlockConditions() {
  stats.worst_block_condition = 1;
  for (std::size_t i = 0; i < lus.size(); ++i) {
    if (i < iterating.size() && iterating[i]) continue;  // an ILU(0) block has no LU to estimate with
    const BlockLu& lu = lus[i];
    const auto one = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return lu.Solve(v).col(0); };
    const auto one_t = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return lu.SolveTransposed(v).col(0); };
    const double condition = EstimateCondition(block_matrix[i], one, one_t);
    if (condition <= stats.worst_block_condition) continue;
    stats.worst_block_condition = condition;
    stats.worst_block_rows.clear();
    stats.worst_block_columns.clear();
    const int k = block_of_lu[i];
    for (int t = order.block_start[k]; t < order.block_start[k + 1]; ++t) {
      stats.worst_block_columns.push_back(order.columns[t]);
      stats.worst_block_rows.push_back(row_of_column[order.columns[t]]);
    }
  }
}

void Factorization::Impl::ThrowSingularBlock(int block) const {
  const int begin = order.block_start[block];
  const int size = order.block_start[block + 1] - begin;
  std::vector<int> rows, columns;
  for (int t = 0; t < size; ++t) {
    columns.push_back(order.columns[begin + t]);
    rows.push_back(row_of_column[order.columns[begin + t]]);
  }
  std::string message =
      size == 1 ? std::string("the technosphere matrix is numerically singular: a process's entry for its own product is zero")
                : fmt::format("the technosphere matrix is numerically singular: a loop of {} processes has no unique solution "
                              "(the processes supply each other with no net output)",
                              size);
  throw SingularSystemError(SingularSystemError::Cause::kNumerical, std::move(message), std::move(rows), std::move(columns));
}

bool Factorization::Refactorize(const SparseMatrix& a) { return impl_->Update(a, false); }

bool Factorization::RefactorizeIterative(const SparseMatrix& a) { return impl_->Update(a, true); }

const Factorization::IterationStats& Factorization::iteration() const { return impl_->iteration; }

std::size_t Factorization::KeepPreconditioners(std::size_t min_block) {
  Impl& m = *impl_;
  if (m.method != SolveMethod::kBlockTriangular) return 0;
  const std::size_t count = m.lus.size();
  m.kept_lu.resize(count);
  m.kept_values.resize(count);
  m.kept_norm.assign(count, 0.0);
  m.iterating.assign(count, 0);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const SparseMatrix& block = m.block_matrix[i];
    if (static_cast<std::size_t>(block.rows()) < min_block) continue;
    m.kept_lu[i] = std::move(m.lus[i]);
    m.lus[i] = BlockLu{};
    m.kept_values[i].assign(block.valuePtr(), block.valuePtr() + block.nonZeros());
    for (int j = 0; j < block.outerSize(); ++j) {
      double sum = 0;
      for (SparseMatrix::InnerIterator it(block, j); it; ++it) sum += std::abs(it.value());
      m.kept_norm[i] = std::max(m.kept_norm[i], sum);
    }
    m.iterating[i] = 1;  // the kept LU is this block's own: GMRES converges at once
    ++kept;
  }
  return kept;
}

bool Factorization::Impl::Update(const SparseMatrix& drawn, bool iterate) {
  Impl& m = *this;
  if (m.method != SolveMethod::kBlockTriangular || !drawn.isCompressed() || drawn.rows() != m.a.rows() ||
      drawn.cols() != m.a.cols() || drawn.nonZeros() != m.a.nonZeros())
    return false;
  const Eigen::Index nnz = drawn.nonZeros();
  if (!std::equal(drawn.outerIndexPtr(), drawn.outerIndexPtr() + drawn.outerSize() + 1, m.a.outerIndexPtr()) ||
      !std::equal(drawn.innerIndexPtr(), drawn.innerIndexPtr() + nnz, m.a.innerIndexPtr()))
    return false;
  const double* values = drawn.valuePtr();
  m.iteration = IterationStats{};
  for (Eigen::Index p = 0; p < nnz; ++p)
    if (m.was_zero[static_cast<std::size_t>(p)] && values[p] != 0) return false;
  std::copy(values, values + nnz, m.a.valuePtr());
  for (std::size_t k = 0; k < m.pivot.size(); ++k) {
    if (m.lu_of_block[k] >= 0) continue;
    m.pivot[k] = values[m.pivot_entry[k]];
    if (m.pivot[k] == 0 || !std::isfinite(m.pivot[k])) m.ThrowSingularBlock(static_cast<int>(k));
  }
  for (std::size_t i = 0; i < m.lus.size(); ++i) {
    SparseMatrix& block = m.block_matrix[i];
    const std::vector<int>& from = m.block_from[i];
    for (std::size_t q = 0; q < from.size(); ++q) block.valuePtr()[q] = values[from[q]];
    if (i < m.kept_lu.size() && !m.kept_lu[i].empty()) {
      if (iterate) {  // near enough to the kept LU to iterate? ‖M − M₀‖₁ against ‖M₀‖₁
        double distance = 0;
        for (int j = 0; j < block.outerSize(); ++j) {
          double sum = 0;
          for (int p = block.outerIndexPtr()[j]; p < block.outerIndexPtr()[j + 1]; ++p)
            sum += std::abs(block.valuePtr()[p] - m.kept_values[i][static_cast<std::size_t>(p)]);
          distance = std::max(distance, sum);
        }
        if (distance <= kIterativeDistance * m.kept_norm[i]) {
          m.iterating[i] = 1;
          m.lus[i] = BlockLu{};  // a direct LU of an earlier draw: not needed, and large
          ++m.iteration.blocks_iterated;
          continue;
        }
        ++m.iteration.blocks_factorized;
      }
      m.iterating[i] = 0;
    }
    BlockLu& lu = m.lus[i];
    const BlockSparseLu* same_pattern = lu.block_sparse ? lu.block_sparse.get()
                                        : i < m.kept_lu.size() && m.kept_lu[i].block_sparse ? m.kept_lu[i].block_sparse.get()
                                                                                          : nullptr;
    const std::vector<int>* column_order = same_pattern ? &same_pattern->column_order() : nullptr;
    BlockLu fresh;
    if (!FactorizeInto(block, KindForBlock(static_cast<int>(block.rows())), &fresh, column_order)) m.ThrowSingularBlock(m.block_of_lu[i]);
    lu = std::move(fresh);
  }
  m.stats.condition_estimate = 0;
  m.stats.worst_block_condition = 0;
  m.stats.worst_block_rows.clear();
  m.stats.worst_block_columns.clear();
  return true;
}

// A block's solve: by its LU, or (RefactorizeIterative) by GMRES on its current values preconditioned by
// the kept LU, one right-hand side at a time. Not converging sets iteration.failed; the best iterate is
// returned (the caller's refinement and its check of the backward error see the rest).
Eigen::MatrixXd Factorization::Impl::SolveBlock(int lu, const Eigen::MatrixXd& b, bool transposed) const {
  const auto i = static_cast<std::size_t>(lu);
  if (i >= iterating.size() || !iterating[i]) return transposed ? lus[i].SolveTransposed(b) : lus[i].Solve(b);
  const SparseMatrix& block = block_matrix[i];
  const bool by_incomplete = i < incomplete.size() && incomplete[i].has_value();
  const BlockLu* kept = by_incomplete ? nullptr : &kept_lu[i];
  const LinearOperator apply = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) {
    if (transposed) out.noalias() = block.transpose() * in;
    else out.noalias() = block * in;
  };
  const LinearOperator precondition = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) {
    if (kept) {
      out = transposed ? kept->SolveTransposed(in).col(0) : kept->Solve(in).col(0);
      return;
    }
    out = in;
    if (transposed) incomplete[i]->SolveTransposed(&out);
    else incomplete[i]->Solve(&out);
  };
  KrylovOptions options;
  // The point's LU is a close preconditioner (about 15 products for 1e-11, Monte Carlo draws); an ILU(0)
  // a rougher one.
  options.restart = by_incomplete ? 60 : 40;
  options.max_iterations = by_incomplete ? 300 : 40;
  options.tolerance = krylov_tolerance;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(b.rows(), b.cols());
  for (Eigen::Index c = 0; c < b.cols(); ++c) {
    Eigen::VectorXd column = Eigen::VectorXd::Zero(b.rows());
    const KrylovReport report = Gmres(apply, precondition, b.col(c), &column, options);
    iteration.iterations += report.iterations;
    if (!report.converged) iteration.failed = true;
    x.col(c) = column;
  }
  return x;
}

// The whole matrix's estimate (for inner factorizations without refinement: none).
void Factorization::Impl::EstimateConditions() {
  if (!estimate_condition || method == SolveMethod::kIterative) {  // kIterative: ten GMRES solves would cost more than it saves
    stats.condition_estimate = 0;
    return;
  }
  if (!refine) return;
  const auto one = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return SolveOnce(v, false).col(0); };
  const auto one_t = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return SolveOnce(v, true).col(0); };
  stats.condition_estimate = EstimateCondition(a, one, one_t);
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

// Both block solves work on row-major right-hand sides through raw row pointers: a 1×1 block (almost
// every block of LCA data) costs a few loads and stores for all right-hand sides, with no allocation.
// (Eigen row expressions and a local matrix per block made a solve of 8,000 rows cost 0.5 ms, and the
// condition estimate makes a dozen of them.) The arithmetic is the same, operation for operation.
RowMatrix Factorization::Impl::SolveBlocks(RowMatrix rhs) const {
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  const Eigen::Index m = rhs.cols();
  RowMatrix s = RowMatrix::Zero(a.cols(), m);
  const auto rhs_row = [&](int i) { return rhs.data() + static_cast<Eigen::Index>(i) * m; };
  const auto s_row = [&](int j) { return s.data() + static_cast<Eigen::Index>(j) * m; };
  const int blocks = static_cast<int>(order.block_count());
  for (int k = 0; k < blocks; ++k) {
    const int begin = order.block_start[k];
    const int end = order.block_start[k + 1];
    if (lu_of_block[k] < 0) {
      const int j = order.columns[begin];
      const double* from = rhs_row(row_of_column[j]);
      double* to = s_row(j);
      for (Eigen::Index c = 0; c < m; ++c) to[c] = from[c] / pivot[k];
    } else {
      Eigen::MatrixXd x = SolveBlock(lu_of_block[k], LocalRhs(rhs, k, /*by_row=*/true), false);
      for (int t = begin; t < end; ++t) s.row(order.columns[t]) = x.row(t - begin);
    }
    // Move the now known supply to the right-hand side of the rows that use it (all in later blocks).
    for (int t = begin; t < end; ++t) {
      const int j = order.columns[t];
      const double* sj = s_row(j);
      for (int p = outer[j]; p < outer[j + 1]; ++p)
        if (block_of_row[inner[p]] != k) {
          double* target = rhs_row(inner[p]);
          for (Eigen::Index c = 0; c < m; ++c) target[c] -= values[p] * sj[c];
        }
    }
  }
  return s;
}

RowMatrix Factorization::Impl::SolveBlocksTransposed(const RowMatrix& c) const {
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  const Eigen::Index m = c.cols();
  RowMatrix x = RowMatrix::Zero(a.rows(), m);
  const auto x_row = [&](int i) { return x.data() + static_cast<Eigen::Index>(i) * m; };
  std::vector<double> local_c(static_cast<std::size_t>(m));
  // Column j's equation: sum over rows i of A(i, j) x_i = c_j; rows outside the block are known.
  const auto known_moved = [&](int j, int k, double* out) {
    const double* cj = c.data() + static_cast<Eigen::Index>(j) * m;
    for (Eigen::Index q = 0; q < m; ++q) out[q] = cj[q];
    for (int p = outer[j]; p < outer[j + 1]; ++p)
      if (block_of_row[inner[p]] != k) {
        const double* xi = x_row(inner[p]);
        for (Eigen::Index q = 0; q < m; ++q) out[q] -= values[p] * xi[q];
      }
  };
  for (int k = static_cast<int>(order.block_count()) - 1; k >= 0; --k) {
    const int begin = order.block_start[k];
    const int end = order.block_start[k + 1];
    if (lu_of_block[k] < 0) {
      const int j = order.columns[begin];
      known_moved(j, k, local_c.data());
      double* to = x_row(row_of_column[j]);
      for (Eigen::Index q = 0; q < m; ++q) to[q] = local_c[static_cast<std::size_t>(q)] / pivot[k];
      continue;
    }
    Eigen::MatrixXd b(end - begin, m);
    for (int t = begin; t < end; ++t) {
      known_moved(order.columns[t], k, local_c.data());
      for (Eigen::Index q = 0; q < m; ++q) b(t - begin, q) = local_c[static_cast<std::size_t>(q)];
    }
    Eigen::MatrixXd y = SolveBlock(lu_of_block[k], b, true);
    for (int t = begin; t < end; ++t) x.row(row_of_column[order.columns[t]]) = y.row(t - begin);
  }
  return x;
}

Eigen::MatrixXd Factorization::Impl::SolveOnce(const Eigen::MatrixXd& f, bool transposed) const {
  if (!BlockStructured()) return transposed ? lus.front().SolveTransposed(f) : lus.front().Solve(f);
  return transposed ? Eigen::MatrixXd(SolveBlocksTransposed(RowMatrix(f))) : Eigen::MatrixXd(SolveBlocks(RowMatrix(f)));
}

// Componentwise backward error of every column (Oettli–Prager): max_i |b − A x|_i / (|A||x| + |b|)_i.
// Leaves b − A x in `residual`. One pass over A for all columns (x row by row), as the solves do.
std::vector<double> Factorization::Impl::BackwardErrors(const Eigen::MatrixXd& b, const Eigen::MatrixXd& x,
                                                        bool transposed, Eigen::MatrixXd* residual) const {
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();
  const Eigen::Index k = b.cols();
  const RowMatrix xr = x;
  RowMatrix r = b, magnitude = b.cwiseAbs();
  for (int j = 0; j < a.outerSize(); ++j)
    for (int p = outer[j]; p < outer[j + 1]; ++p) {
      const double v = values[p], v_abs = std::abs(v);
      // Transposed: equation j reads x's row i. Forward: column j's x_j feeds equation i.
      const int from = transposed ? inner[p] : j, to = transposed ? j : inner[p];
      const double* xs = xr.row(from).data();
      double* rs = r.row(to).data();
      double* ms = magnitude.row(to).data();
      for (Eigen::Index c = 0; c < k; ++c) {
        rs[c] -= v * xs[c];
        ms[c] += v_abs * std::abs(xs[c]);
      }
    }
  std::vector<double> errors(static_cast<std::size_t>(k), 0.0);
  for (Eigen::Index i = 0; i < r.rows(); ++i)
    for (Eigen::Index c = 0; c < k; ++c)
      if (magnitude(i, c) > 0)  // else the row and x's entries it uses are zero: so is the residual
        errors[static_cast<std::size_t>(c)] = std::max(errors[static_cast<std::size_t>(c)], std::abs(r(i, c)) / magnitude(i, c));
  *residual = r;
  return errors;
}

// Solves, then refines every right-hand side as LAPACK's dgerfs does: x += solve(b − A x) while its
// componentwise backward error is above the unit roundoff and at least halves with each step, at most
// kMaxRefinementSteps times. Pivots are chosen for stability, so refinement in working precision
// converges in one or two steps unless A is ill-conditioned (docs/solver.md).
Eigen::MatrixXd Factorization::Impl::SolveRefined(const Eigen::MatrixXd& b, bool transposed,
                                                  SolveReport* report) const {
  constexpr int kMaxRefinementSteps = 10;
  constexpr double kRoundoff = std::numeric_limits<double>::epsilon();
  krylov_tolerance = kFirstSolveTolerance;
  Eigen::MatrixXd x = SolveOnce(b, transposed);
  krylov_tolerance = kCorrectionTolerance;
  RequireFinite(x);
  SolveReport outcome;
  if (refine && x.size() > 0) {
    Eigen::MatrixXd residual;
    std::vector<double> errors = BackwardErrors(b, x, transposed, &residual);
    std::vector<double> last(errors.size(), std::numeric_limits<double>::infinity());
    for (int step = 0; step < kMaxRefinementSteps; ++step) {
      std::vector<Eigen::Index> active;
      for (std::size_t c = 0; c < errors.size(); ++c)
        if (errors[c] > kRoundoff && 2 * errors[c] <= last[c]) active.push_back(static_cast<Eigen::Index>(c));
      if (active.empty()) break;
      Eigen::MatrixXd rhs(b.rows(), static_cast<Eigen::Index>(active.size()));
      for (std::size_t k = 0; k < active.size(); ++k) rhs.col(static_cast<Eigen::Index>(k)) = residual.col(active[k]);
      const Eigen::MatrixXd correction = SolveOnce(rhs, transposed);
      if (!correction.allFinite()) break;
      for (std::size_t k = 0; k < active.size(); ++k) {
        x.col(active[k]) += correction.col(static_cast<Eigen::Index>(k));
        last[active[k]] = errors[active[k]];
      }
      ++outcome.refinement_steps;
      errors = BackwardErrors(b, x, transposed, &residual);
      for (std::size_t c = 0; c < errors.size(); ++c)  // columns that stopped keep their last error
        if (std::find(active.begin(), active.end(), static_cast<Eigen::Index>(c)) == active.end()) last[c] = 0;
    }
    outcome.backward_error = *std::max_element(errors.begin(), errors.end());

  }
  if (report) *report = outcome;
  return x;
}

// kIterative: the iteration's result when every GMRES converged and the refinement reached
// kIterativeBackwardError, else the direct path's (a kBlockTriangular factorization, made once).
Eigen::MatrixXd Factorization::Impl::SolveChecked(const Eigen::MatrixXd& b, bool transposed, SolveReport* report) const {
  if (method != SolveMethod::kIterative) return SolveRefined(b, transposed, report);
  const std::lock_guard<std::mutex> lock(fallback_mutex);
  if (!fallback) {
    iteration.failed = false;
    try {
      SolveReport outcome;
      Eigen::MatrixXd x = SolveRefined(b, transposed, &outcome);
      if (!iteration.failed && outcome.backward_error <= kIterativeBackwardError) {
        if (report) *report = outcome;
        return x;
      }
    } catch (const SingularSystemError&) {  // a result not finite: the direct path decides
    }
    fallback = std::make_unique<Factorization>(Compute(a, SolveMethod::kBlockTriangular, refine, estimate_condition));
    iteration.failed = true;
  }
  return transposed ? fallback->SolveTransposed(b, report) : fallback->Solve(b, report);
}

Eigen::MatrixXd Factorization::Solve(const Eigen::MatrixXd& f, SolveReport* report) const {
  return impl_->SolveChecked(f, false, report);
}

Eigen::MatrixXd Factorization::SolveTransposed(const Eigen::MatrixXd& c, SolveReport* report) const {
  return impl_->SolveChecked(c, true, report);
}

Eigen::VectorXd Factorization::Solve(const Eigen::VectorXd& f, SolveReport* report) const {
  return Solve(Eigen::MatrixXd(f), report).col(0);
}

Eigen::VectorXd Factorization::SolveTransposed(const Eigen::VectorXd& c, SolveReport* report) const {
  return SolveTransposed(Eigen::MatrixXd(c), report).col(0);
}

const char* SolveMethodName(SolveMethod method) {
  switch (method) {
    case SolveMethod::kBlockTriangular: return "block-triangular";
    case SolveMethod::kSparseLU: return "sparse-lu";
    case SolveMethod::kDenseLU: return "dense-lu";
    case SolveMethod::kIterative: return "iterative";
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
