// Block-triangular form of a square matrix with a zero-free diagonal under a matching: the strongly
// connected components of its dependency graph, in the order in which a forward solve must visit them.
#pragma once

#include <vector>

#include "engine/matrix/matching.h"
#include "engine/matrix/sparse.h"

namespace pcf {

struct BlockOrder {
  // Columns grouped by block: block k holds columns[block_start[k] .. block_start[k+1]).
  // Blocks come dependencies first: a block only needs supply of blocks before it.
  std::vector<int> columns;
  std::vector<int> block_start;
  std::vector<int> block_of_column;
  std::size_t block_count() const { return block_start.empty() ? 0 : block_start.size() - 1; }
};

// `matching` must be perfect. Tarjan's algorithm, iterative so deep chains cannot overflow the stack.
BlockOrder FindBlocks(const SparseMatrix& a, const Matching& matching);

}  // namespace pcf
