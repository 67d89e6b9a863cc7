// The matrix types of the engine, and building them from triplets.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace pcf {

// Column-major sparse matrix: A (products × processes), B (flows × processes), C (indicators × flows).
using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using Triplet = Eigen::Triplet<double, int>;

// Builds a compressed matrix; duplicate (row, col) entries are summed. Explicit zeros are kept, so a
// published factor of 0 survives a round trip.
inline SparseMatrix FromTriplets(std::size_t rows, std::size_t cols, const std::vector<Triplet>& triplets) {
  SparseMatrix m(static_cast<int>(rows), static_cast<int>(cols));
  m.setFromTriplets(triplets.begin(), triplets.end());
  m.makeCompressed();
  return m;
}

}  // namespace pcf
