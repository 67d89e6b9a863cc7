// Fuzz target: the supplier PACT footprint reader (engine/model/supplier_footprint.cc) on arbitrary bytes
// as the JSON file a product file names under supplier_pcf.
#include <cmath>

#include "engine/core/error.h"
#include "engine/model/supplier_footprint.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = pcf::fuzz::WriteInput("supplier.json", pcf::fuzz::Text(data, size));
  try {
    const pcf::SupplierFootprint rec =
        pcf::ReadSupplierFootprint(path.string(), {"product.yaml", 17, 24, "processes[0].inputs[0].supplier_pcf"});
    if (!std::isfinite(rec.pcf_per_declared_unit) || !(rec.declared_amount > 0))
      pcf::fuzz::Fail("a supplier footprint with a non-finite PCF or a non-positive declared amount was accepted");
  } catch (const pcf::Error& e) {
    // Errors point at the product file's reference, except encoding errors: those name the supplier file's
    // own line and column, which is where the bad byte is.
    const bool at_reference = e.where().file == "product.yaml";
    const bool in_supplier_file = e.where().file == path.string() && e.where().line > 0;
    if (!at_reference && !in_supplier_file)
      pcf::fuzz::Fail("an error neither at the product file's reference nor in the supplier file: " + e.ToString());
  }
  return 0;
}
