// Maximum transversal: pairs each column of a square sparse matrix with a row holding a non-zero, so
// that after permuting rows the diagonal is zero-free (Duff's MC21, depth-first augmenting paths with a
// cheap first pass). Any perfect pairing serves the
// block-triangular form; it need not pair each process with its own product.
#pragma once

#include <vector>

#include "engine/matrix/sparse.h"

namespace pcf {

struct Matching {
  std::vector<int> row_of_column;  // -1 where a column could not be matched
  std::vector<int> column_of_row;  // -1 where a row could not be matched
  bool Perfect() const;
};

// Works on the pattern of non-zero values (explicit zeros are ignored). The cheap pass takes, in each
// column, the first unmatched row (KLU's choice; see matching.cc for why not the largest output).
Matching MaximumTransversal(const SparseMatrix& a);

}  // namespace pcf
