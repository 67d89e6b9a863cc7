// Incomplete LU without fill, ILU(0) (Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., 2003,
// algorithm 10.4): L and U keep exactly the pattern of M, no pivoting. The preconditioner of the GMRES that
// solves a large strongly connected block without factorizing it (`--solver iterative`,
// docs/solver.md), in either direction: M z = r and Mᵀ z = r.
#pragma once

#include <optional>
#include <vector>

#include "engine/matrix/sparse.h"

namespace pcf {

class IncompleteLu {
 public:
  // nullopt when a diagonal entry is missing or a pivot comes out zero or not finite: no ILU(0) then.
  static std::optional<IncompleteLu> Compute(const SparseMatrix& m);
  void Solve(Eigen::VectorXd* x) const;            // (L U) z = r in place
  void SolveTransposed(Eigen::VectorXd* x) const;  // (L U)ᵀ z = r in place
  std::size_t nnz() const { return value_.size(); }

 private:
  int n_ = 0;
  // Row by row, columns ascending: L's strictly lower entries (unit diagonal not stored), U's diagonal
  // (at diagonal_[i]) and upper entries, in one array.
  std::vector<int> start_, column_, diagonal_;
  std::vector<double> value_;
};

}  // namespace pcf
