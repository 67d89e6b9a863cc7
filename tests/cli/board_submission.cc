#include "cli/board_submission.h"

#include <doctest/doctest.h>

#include "cli/cli_harness.h"
#include "support/test_files.h"

namespace pcf::test {

void WriteBoardWithSupplier(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  WriteText(folder / "v2.json", R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25",
            "ipccCharacterizationFactorsSources": ["AR6"]}})");
  WriteText(folder / "p.yaml", R"(pcf: 1
product:
  id: board
  name: Test board
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {supplier_pcf: v2.json, amount: 20, unit: g}
      - {background: "natural gypsum, crushed, CN-HB", amount: 3, unit: kg}
)");
}

void WriteBatchSubmission(const std::filesystem::path& root) {
  WriteBoardWithSupplier(root / "in");
  std::filesystem::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", root / "in" / "cement.yaml");
  const RunResult batch = RunPcf({"batch", (root / "in").string(), "-o", (root / "out").string()});
  REQUIRE_MESSAGE(batch.exit_code == 0, batch.err);
}

}  // namespace pcf::test
