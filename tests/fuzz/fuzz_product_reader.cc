// Fuzz target: the product-file reader (engine/model/product_reader.cc) on arbitrary bytes as a YAML file.
#include "engine/core/error.h"
#include "engine/model/product.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = pcf::fuzz::WriteInput("product.yaml", pcf::fuzz::Text(data, size));
  try {
    const pcf::ProductFile file = pcf::ReadProductFile(path.string());
    if (file.processes.empty()) pcf::fuzz::Fail("a product file without processes was accepted");
  } catch (const pcf::Error& e) {
    // A refusal must point into the file it refuses.
    if (e.where().file.empty()) pcf::fuzz::Fail("an error without the file name: " + e.ToString());
  }
  return 0;
}
