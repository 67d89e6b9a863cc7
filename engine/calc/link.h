// Linking a product file to a background database: the foreground processes (allocated into one column
// per output), supplier footprints and transport legs are appended to the background's matrices, giving
// one system for the solver. Nothing after this step knows about YAML.
#pragma once

#include <string>
#include <vector>

#include "engine/db/model_store.h"
#include "engine/model/product.h"
#include "engine/model/supplier_footprint.h"
#include "engine/system/model.h"

namespace pcf {

struct ForegroundColumn {
  std::string process_id;
  std::string stage;
  std::string output_product;
  double allocation_factor = 1;
  SourceLocation where;  // the process in the product file
};

// One line of a foreground column as the product file writes it, in its own EN 15804 module (the
// process's unless the line names one). Inputs, waste, transport and emissions are in the matrices;
// avoided products are not: they are the credits of module D, kept out of the declared footprint.
enum class LineKind { kInput, kWaste, kTransport, kEmission, kAvoided };

struct ForegroundLine {
  std::size_t column = 0;  // the foreground column (model process)
  std::size_t row = 0;     // model product row; flow row for kEmission
  LineKind kind = LineKind::kInput;
  double amount = 0;       // per unit of the column: its matrix entry (inputs negative); avoided: positive
  std::string stage;
  bool primary = true;     // activity data measured at the site (`primary:` of the line or its process)
  // Where the file writes it: product.processes[source_process], in the list its kind names (inputs, waste,
  // avoided, transport, emissions), at source_item. A process with several outputs gives a line per output.
  std::size_t source_process = 0;
  std::size_t source_item = 0;
};

struct AllocationRecord {
  std::string process_id;
  std::string method;  // mass, economic, physical, factors
  std::vector<std::pair<std::string, double>> factors;  // output product → factor
};

// A supplier footprint as read (engine/model/supplier_footprint.h): pcf_per_declared_unit is per ONE
// declared_unit, whatever declaredUnitAmount the file states.
using SupplierRecord = SupplierFootprint;

struct LinkedSystem {
  Model model;                       // background rows/columns first, then suppliers, then foreground
  std::size_t supplier_begin = 0;    // first supplier column (= row)
  std::size_t foreground_begin = 0;  // first foreground column
  std::size_t foreground_product_begin = 0;  // first foreground product row
  std::vector<ForegroundColumn> foreground;  // column foreground_begin + k
  std::vector<ForegroundLine> lines;         // every line of every foreground column, credits included
  std::vector<AllocationRecord> allocations;
  std::vector<SupplierRecord> suppliers;
  Eigen::VectorXd demand;
  std::size_t reference_row = 0;
  std::size_t method_row = 0;        // the indicator the product file asks for
};

// Throws Error naming the product file's line and field for: unknown background products, processes or
// flows (with the closest ids in the database), amounts whose unit has the wrong dimension for what they
// link to, foreground products made by two processes or by none, a missing reference product, allocation
// factors that do not add up, unreadable supplier footprints, and an unknown method.
LinkedSystem LinkProduct(const ProductFile& product, const StoredModel& background);

// LinkProduct for a Monte Carlo draw: `recycled` is a system LinkProduct made from the same database (an
// earlier draw); its indices are reused (cut back to the database's) instead of copying the database's
// again. The result is the one LinkProduct(product, background) gives.
LinkedSystem RelinkProduct(const ProductFile& product, const StoredModel& background, LinkedSystem&& recycled);

}  // namespace pcf
