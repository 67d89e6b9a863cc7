// A product's reference period (product.reference_period: "2024", "2024-07", "2024-07-15" or "FROM/TO")
// as RFC 3339 timestamps, for PACT and for the supplier validity gate.
#pragma once

#include <string>
#include <utility>

#include "engine/model/product.h"

namespace pcf {

// Start (inclusive) and end (exclusive) at midnight UTC, e.g. "2024" → 2024-01-01T00:00:00Z …
// 2025-01-01T00:00:00Z. Throws Error(kUnsupported) naming the product when the text has another form.
std::pair<std::string, std::string> ReferencePeriodTimestamps(const ProductFile& p);

// `timestamp` (YYYY-…) moved by `years`; 29 February becomes 1 March.
std::string ShiftTimestampYears(const std::string& timestamp, int years);

}  // namespace pcf
