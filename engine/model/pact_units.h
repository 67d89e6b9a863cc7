// The declared units of WBCSD PACT (v2.3 `declaredUnit`, v3.0 `declaredUnitOfMeasurement`) and pcf's
// units, both ways. One table for the exporter and the supplier reader, so what pcf writes it can read.
#pragma once

#include <optional>
#include <string>

#include "engine/model/product.h"

namespace pcf {

// The pcf unit name of a PACT declared unit of `major_version` (2 or 3), or std::nullopt when the version
// does not define that name or pcf's unit table cannot express it (v3 "megabit second").
std::optional<std::string> PcfUnitOfPact(const std::string& pact_name, int major_version);

struct PactDeclaredUnit {
  std::string name;  // PACT name, e.g. "kilogram"
  double amount;     // how many of them make the product's declared unit (1 t → 1000 kilogram)
  bool mass;         // a mass unit: the product mass per declared unit is known without product_mass
  bool mass_relevant;  // PACT asks for the product mass (liter, cubic meter, square meter, piece)
};

// The PACT declared unit and amount of a product whose declared unit is `q`. Throws Error(kUnsupported,
// at the unit) when `major_version` has no unit of that dimension (v2: piece, hour; any: length).
PactDeclaredUnit PactUnitOf(const Quantity& q, int major_version, const std::string& product_id);

}  // namespace pcf
