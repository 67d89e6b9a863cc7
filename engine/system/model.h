// Model: the index objects and the three matrices of a life-cycle inventory model, plus the named
// demands that came with it (as in openLCA's MatrixData, every shape is stated in index terms).
#pragma once

#include <string>
#include <vector>

#include "engine/core/index.h"
#include "engine/matrix/sparse.h"
#include "engine/system/model_info.h"

namespace pcf {

// One line of a demand file: a product and an amount. Lines are kept as written (a product may appear
// twice; the amounts add up when the demand vector is built).
struct DemandEntry {
  std::size_t product = 0;  // row in ProductIndex
  double amount = 0;
};

struct NamedDemand {
  std::string name;  // file stem in demands/
  std::vector<DemandEntry> entries;
};

struct Model {
  ProductIndex products;        // rows of A
  ProcessIndex processes;       // columns of A and B
  FlowIndex flows;              // rows of B, columns of C
  IndicatorIndex indicators;    // rows of C
  SparseMatrix technosphere;    // A: products × processes
  SparseMatrix interventions;   // B: flows × processes
  SparseMatrix characterization;// C: indicators × flows
  std::vector<NamedDemand> demands;  // sorted by name
};

// The demand vector f over products.
Eigen::VectorXd DemandVector(const Model& model, const std::vector<DemandEntry>& entries);

// SHA-256 (hex) of a canonical form of the model: the four indices and the three matrices, values by
// their bits, and everything in `info` (factors, process metadata, entry sources, ranges). Demands are
// examples shipped with a model, not part of it, and are not hashed.
std::string ModelContentHash(const Model& model, const ModelInfo& info = {});
// The same hash of a model whose indices and matrices are held apart (a load that reads them on two
// threads, db/model_store.h): `indices` gives the four indices, `matrices` A, B and C.
std::string ModelContentHash(const Model& indices, const Model& matrices, const ModelInfo& info);

}  // namespace pcf
