// The matrix types of the engine, and building them from triplets.
#pragma once

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace pcf {

// Column-major sparse matrix: A (products × processes), B (flows × processes), C (indicators × flows).
using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using Triplet = Eigen::Triplet<double, int>;

// Builds a compressed matrix; duplicate (row, col) entries are summed. Explicit zeros are kept, so a
// published factor of 0 survives a round trip.
// An entry outside rows × cols is a bug of the caller (Eigen would write out of bounds): std::logic_error,
// which the CLI reports as an internal error.
inline SparseMatrix FromTriplets(std::size_t rows, std::size_t cols, const std::vector<Triplet>& triplets) {
  if (rows > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      cols > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::logic_error("FromTriplets: matrix too large for int indices");
  for (const Triplet& t : triplets)
    if (t.row() < 0 || t.col() < 0 || static_cast<std::size_t>(t.row()) >= rows || static_cast<std::size_t>(t.col()) >= cols)
      throw std::logic_error("FromTriplets: entry (" + std::to_string(t.row()) + ", " + std::to_string(t.col()) +
                             ") outside a " + std::to_string(rows) + " x " + std::to_string(cols) + " matrix");
  SparseMatrix m(static_cast<int>(rows), static_cast<int>(cols));
  m.setFromTriplets(triplets.begin(), triplets.end());
  m.makeCompressed();
  return m;
}

}  // namespace pcf
