#include "engine/matrix/block_triangular.h"

#include <algorithm>

namespace pcf {

BlockOrder FindBlocks(const SparseMatrix& a, const Matching& matching) {
  // Node j is process column j. Equation row i determines the supply of column p(i) and involves every
  // column with a non-zero in row i, so column j points to p(i) for each non-zero (i, j): "p(i) needs j".
  // Tarjan emits a component after everything reachable from it, that is after its dependents; the
  // emission order reversed is the order a forward solve needs.
  const int n = static_cast<int>(a.cols());
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  const double* values = a.valuePtr();

  std::vector<int> index(n, -1), low(n, 0), edge_pos(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<int> tarjan_stack, call_stack;
  std::vector<std::vector<int>> components;  // in emission order
  int next_index = 0;

  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    call_stack.push_back(root);
    index[root] = low[root] = next_index++;
    edge_pos[root] = outer[root];
    tarjan_stack.push_back(root);
    on_stack[root] = 1;
    while (!call_stack.empty()) {
      const int v = call_stack.back();
      bool descended = false;
      while (edge_pos[v] < outer[v + 1]) {
        const int p = edge_pos[v]++;
        if (values[p] == 0) continue;
        const int w = matching.column_of_row[inner[p]];
        if (index[w] < 0) {
          index[w] = low[w] = next_index++;
          edge_pos[w] = outer[w];
          tarjan_stack.push_back(w);
          on_stack[w] = 1;
          call_stack.push_back(w);
          descended = true;
          break;
        }
        if (on_stack[w]) low[v] = std::min(low[v], index[w]);
      }
      if (descended) continue;
      call_stack.pop_back();
      if (!call_stack.empty()) low[call_stack.back()] = std::min(low[call_stack.back()], low[v]);
      if (low[v] == index[v]) {
        std::vector<int> component;
        int w;
        do {
          w = tarjan_stack.back();
          tarjan_stack.pop_back();
          on_stack[w] = 0;
          component.push_back(w);
        } while (w != v);
        std::sort(component.begin(), component.end());
        components.push_back(std::move(component));
      }
    }
  }

  BlockOrder order;
  order.block_of_column.assign(n, -1);
  order.columns.reserve(n);
  order.block_start.reserve(components.size() + 1);
  for (auto it = components.rbegin(); it != components.rend(); ++it) {
    const int block = static_cast<int>(order.block_start.size());
    order.block_start.push_back(static_cast<int>(order.columns.size()));
    for (int j : *it) {
      order.columns.push_back(j);
      order.block_of_column[j] = block;
    }
  }
  order.block_start.push_back(static_cast<int>(order.columns.size()));
  return order;
}

}  // namespace pcf
