// Supplier gates and plausibility (docs/product-format.md, "Warnings"): what a calculation accepts but
// reports as a warning. A supplier footprint that is Deprecated, outside its validity for the product's
// reference period, made with another IPCC set than the study's method, or whose per-unit value lies
// outside the database's plausibility range of its `kind:`; the product's own result outside the range
// of the product's `kind:`.
#pragma once

#include <vector>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/core/warning.h"
#include "engine/system/model_info.h"

namespace pcf {

// Throws Error(kBadInput) at the `kind:` of the product file when it names no plausibility range of the
// database for the study's method, or a product whose unit has another dimension.
std::vector<Warning> CheckGates(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                                const ModelInfo* info);

}  // namespace pcf
