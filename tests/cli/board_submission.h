// Fixtures shared by the verify tests: a board product that buys from a supplier's PACT v2 footprint, and a
// batch submission (inputs and the results `pcf batch` made of them).
#pragma once

#include <filesystem>

namespace pcf::test {

// Writes `folder`/p.yaml (a board of 1 kg, made with 20 g of starch from `folder`/v2.json and 3 kg of
// natural gypsum) and `folder`/v2.json (the starch supplier's footprint, 1.25 kg CO2e/kg).
void WriteBoardWithSupplier(const std::filesystem::path& folder);

// Writes `root`/in (that board, its supplier footprint and a copy of the cement example) and runs
// `pcf batch root/in -o root/out`, which must succeed.
void WriteBatchSubmission(const std::filesystem::path& root);

}  // namespace pcf::test
