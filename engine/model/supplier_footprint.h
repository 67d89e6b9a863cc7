// A supplier's WBCSD PACT ProductFootprint (v2.3 or v3.0), read from a JSON file as a typed record: the
// PCF per one unit of pcf's unit table, with the fields the supplier gates look at (status, validity,
// IPCC sets). Sign rules and the methodology identities of the file's version are checked here
// (docs/product-format.md, "Supplier footprints").
#pragma once

#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/limits.h"

namespace pcf {

struct SupplierFootprint {
  std::string file, sha256, product_name, company, spec_version;
  int major_version = 2;           // 2 (v2.x keys) or 3 (v3.x keys)
  std::string status;              // "Active", "Deprecated" or "" when absent
  std::string validity_start, validity_end;    // validityPeriodStart/End as written ("" when absent)
  std::string reference_start, reference_end;  // pcf.referencePeriodStart/End as written
  std::string pact_unit;           // declaredUnit (v2) / declaredUnitOfMeasurement (v3) as written
  std::string declared_unit;       // the pcf unit of `pact_unit`, e.g. "kg", "L", "piece"
  double declared_amount = 1;      // units of `declared_unit` the written PCF is for: v3 declaredUnitAmount; v2 1
  double pcf_as_written = 0;       // pcfExcludingBiogenicUptake (v3) / pCfExcludingBiogenic (v2), kg CO2e
  double pcf_per_declared_unit = 0;  // kg CO2e per ONE `declared_unit`: pcf_as_written / declared_amount
  std::vector<std::string> gwp_sets;  // IPCC characterization the supplier used ("AR5", "AR6", …)
  double primary_data_share = 0;      // % of its PCF from primary data, as the supplier states it (0 if absent)
  // pcf.dqi, the supplier's own data-quality ratings, on pcf's 1–5 scale (1 best) in pcf's order:
  // technological, geographical, temporal, reliability, completeness; 0 where the footprint gives none (v3
  // has only the first three). v3 writes 1–5 as decimal strings; v2 writes numbers on a 1–3 scale, mapped
  // by 1 + 2 (r − 1), the inverse of what pcf exports (docs/data-quality.md).
  bool has_dqi = false;
  double dqi[5] = {0, 0, 0, 0, 0};
  double dqi_coverage_percent = 0;  // v2 coveragePercent (0 when absent or v3)
};

// Reads the footprint (a bare ProductFootprint or an API response with it under "data"). Throws Error at
// `where` (the product file's reference to the supplier file) with a message naming the supplier file and
// the field: not JSON, not a footprint, a missing or non-string decimal, an unknown declared unit, a sign
// the spec forbids, or an identity that does not hold (v3: pcfIncludingBiogenicUptake =
// pcfExcludingBiogenicUptake + biogenicCO2Uptake; the components the spec adds into
// pcfExcludingBiogenicUptake not above it), within the rounding of the written decimals.
// The file's size is checked against limits.supplier_file_size before it is read.
SupplierFootprint ReadSupplierFootprint(const std::string& path, const SourceLocation& where, const Limits& limits = Limits());

}  // namespace pcf
