// LU of one large strongly connected block by a Schur complement on its hubs.
//
// The loops of an LCA database run through a few heavily used "market" processes (electricity,
// transport, fuels). Taking those hubs H out leaves the other processes O nearly acyclic, so
//   M = [M_OO M_OH; M_HO M_HH],  S = M_HH − M_HO M_OO⁻¹ M_OH
// needs only a block-triangular solve with M_OO (mostly 1×1 pivots) and a dense LU of S (|H| × |H|).
// A general sparse LU of the same block fills in badly (see docs/solver.md for the measurements).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <Eigen/LU>

#include "engine/matrix/sparse.h"

namespace pcf {

class Factorization;

class SchurBlockLu {
 public:
  // Picks hubs by degree until the rest has no loop larger than `max_rest_block`. Returns nullopt when
  // that needs more than half of the block as hubs, or when M_OO or S is singular: the caller then uses
  // a general sparse LU. `m` must have a zero-free diagonal.
  static std::optional<SchurBlockLu> TryCompute(const SparseMatrix& m, int max_rest_block);

  SchurBlockLu(SchurBlockLu&&) noexcept;
  SchurBlockLu& operator=(SchurBlockLu&&) noexcept;
  ~SchurBlockLu();

  Eigen::MatrixXd Solve(const Eigen::MatrixXd& b) const;
  Eigen::MatrixXd SolveTransposed(const Eigen::MatrixXd& b) const;
  std::size_t nnz() const;      // stored numbers of the factors
  std::size_t hubs() const { return hub_.size(); }

 private:
  SchurBlockLu() = default;
  // Rows of `b` split into the rest (O) and hub (H) parts, and back.
  void Split(const Eigen::MatrixXd& b, Eigen::MatrixXd* b_o, Eigen::MatrixXd* b_h) const;
  Eigen::MatrixXd Join(const Eigen::MatrixXd& x_o, const Eigen::MatrixXd& x_h) const;
  std::vector<int> rest_;        // local indices of O
  std::vector<int> hub_;         // local indices of H
  std::unique_ptr<Factorization> rest_lu_;  // of M_OO
  SparseMatrix m_oh_, m_ho_;
  Eigen::PartialPivLU<Eigen::MatrixXd> schur_lu_;
};

}  // namespace pcf
