// import → export → import keeps every value bit for bit (checked through the content hash, which covers
// the bits of every value, and by comparing the exported files of both generations).
#include <doctest/doctest.h>

#include "cli/cli_harness.h"
#include "engine/db/model_store.h"
#include "verification_support.h"

namespace fs = std::filesystem;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;

TEST_CASE("round trip: import, export, import is bit for bit for every verification model") {
  std::vector<std::string> cases = {"useeio-v2.1.20-ghg"};
  for (const std::string& name : pcf::test::SmallCases()) cases.push_back("small/" + name);
  for (const std::string& name : cases) {
    CAPTURE(name);
    TempDir tmp;
    const fs::path db1 = tmp / "one.sqlite", db2 = tmp / "two.sqlite", out1 = tmp / "out1", out2 = tmp / "out2";
    REQUIRE(RunPcf({"db", "import-matrices", pcf::test::VerificationDir(name).string(), "-o", db1.string()}).exit_code == 0);
    REQUIRE(RunPcf({"db", "export-matrices", db1.string(), "-o", out1.string()}).exit_code == 0);
    REQUIRE(RunPcf({"db", "import-matrices", out1.string(), "-o", db2.string()}).exit_code == 0);
    REQUIRE(RunPcf({"db", "export-matrices", db2.string(), "-o", out2.string()}).exit_code == 0);
    const pcf::StoredModel one = pcf::LoadModel(db1), two = pcf::LoadModel(db2);
    CHECK(one.content_sha256 == two.content_sha256);
    CHECK(one.model.demands.size() == two.model.demands.size());
    for (const char* file : {"products.csv", "processes.csv", "flows.csv", "indicators.csv", "A.mtx", "B.mtx", "C.mtx"})
      CHECK_MESSAGE(ReadText(out1 / file) == ReadText(out2 / file), file);
    for (const auto& entry : fs::directory_iterator(out1 / "demands"))
      CHECK(ReadText(entry.path()) == ReadText(out2 / "demands" / entry.path().filename()));
    // Every value equals the original file's value (the files list no entry twice).
    const pcf::SparseMatrix& a = one.model.technosphere;
    CHECK(a.nonZeros() == two.model.technosphere.nonZeros());
    CHECK(std::equal(a.valuePtr(), a.valuePtr() + a.nonZeros(), two.model.technosphere.valuePtr()));
  }
}
