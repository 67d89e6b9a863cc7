// pcf calc and pcf scores as a user meets them: output keys, formats, atomic output, and errors.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <limits>

#include "cli/cli_harness.h"
#include "engine/core/sha256.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"
#include "verification_support.h"

namespace fs = std::filesystem;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

struct Fixture {
  TempDir tmp;
  fs::path case_dir = pcf::test::VerificationDir("small/bw2calc-multi-lca-simple");
  fs::path db = tmp / "model.sqlite";
  fs::path demand = case_dir / "demands" / "epsilon.csv";
  Fixture() { REQUIRE(RunPcf({"db", "import-matrices", case_dir.string(), "-o", db.string()}).exit_code == 0); }
};

}  // namespace

TEST_CASE("calc: the JSON result has the contract keys and the manifest hashes") {
  Fixture fx;
  const auto run = RunPcf({"calc", "--db", fx.db.string(), "--demand", fx.demand.string()});
  REQUIRE(run.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(run.out);
  for (const char* key : {"impacts", "inventory", "supply", "manifest"}) CHECK(j.contains(key));
  const auto& impact = j["impacts"][0];
  for (const char* key : {"indicator", "name", "unit", "total"}) CHECK(impact.contains(key));
  for (const char* key : {"flow", "unit", "amount"}) CHECK(j["inventory"][0].contains(key));
  for (const char* key : {"process", "amount"}) CHECK(j["supply"][0].contains(key));
  const auto& manifest = j["manifest"];
  CHECK(manifest["engine_version"] == PCF_VERSION);
  CHECK(manifest["db_sha256"] == pcf::LoadModel(fx.db).content_sha256);
  CHECK(manifest["input_sha256"] == pcf::Sha256Hex(ReadText(fx.demand)));
  CHECK(manifest["residual"].is_number());
  // The solver's account (docs/solver.md): refined to rounding level, a well-conditioned toy system.
  CHECK(manifest["backward_error"].get<double>() <= 4 * std::numeric_limits<double>::epsilon());
  CHECK(manifest["condition_estimate"].get<double>() >= 1);
  CHECK(manifest["condition_estimate"].get<double>() < pcf::kIllConditioned);
  CHECK_FALSE(manifest.contains("condition_warning"));
  // Numbers are written in shortest round-trip form: 8.19 stays "8.19".
  CHECK(run.out.find("\"total\": 8.19\n") != std::string::npos);
}

TEST_CASE("calc: --format text and -o with the format from the extension") {
  Fixture fx;
  const auto text = RunPcf({"calc", "--db", fx.db.string(), "--demand", fx.demand.string(), "--format", "text"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("Impacts") == 0);
  CHECK(text.out.find("first") != std::string::npos);
  const fs::path out = fx.tmp / "r.txt";
  REQUIRE(RunPcf({"calc", "--db", fx.db.string(), "--demand", fx.demand.string(), "-o", out.string()}).exit_code == 0);
  CHECK(ReadText(out) == text.out);
}

TEST_CASE("calc and scores: the same numbers from every solver, byte for byte where the solve is exact") {
  Fixture fx;
  std::string first;
  for (const char* solver : {"block-triangular", "sparse-lu", "dense-lu"}) {
    const auto run = RunPcf({"scores", "--db", fx.db.string(), "--solver", solver});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.rfind("product_id,first,second\n100,11,30\n", 0) == 0);
  }
  CHECK(RunPcf({"scores", "--db", fx.db.string(), "--solver", "magic"}).exit_code == 2);
}

TEST_CASE("calc: bad demand files and databases give a clear error, its exit code, and no output") {
  Fixture fx;
  const fs::path out = fx.tmp / "result.json";
  auto expect_error = [&](std::vector<std::string> args, int code, const std::string& message) {
    args.insert(args.end(), {"-o", out.string()});
    const auto run = RunPcf(args);
    CHECK_MESSAGE(run.exit_code == code, run.err);
    CHECK_MESSAGE(run.err.find(message) != std::string::npos, run.err);
    CHECK(!fs::exists(out));
  };
  const fs::path demand = fx.tmp / "demand.csv";
  WriteText(demand, "product_id,amount\n100,1\nno such product,2\n");
  expect_error({"calc", "--db", fx.db.string(), "--demand", demand.string()}, 4,
               demand.string() + ":3: product_id: unknown product id \"no such product\"");
  WriteText(demand, "product_id,amount\n100,lots\n");
  expect_error({"calc", "--db", fx.db.string(), "--demand", demand.string()}, 3,
               demand.string() + ":2: amount: expected a number, got \"lots\"");
  WriteText(demand, "product,amount\n100,1\n");
  expect_error({"calc", "--db", fx.db.string(), "--demand", demand.string()}, 3, "wrong header \"product,amount\"");
  expect_error({"calc", "--db", fx.db.string(), "--demand", (fx.tmp / "missing.csv").string()}, 4, "file not found");
  expect_error({"calc", "--db", (fx.tmp / "none.sqlite").string(), "--demand", fx.demand.string()}, 4,
               "database file not found");
  const fs::path junk = fx.tmp / "junk.sqlite";
  WriteText(junk, std::string(4096, 'x'));
  expect_error({"calc", "--db", junk.string(), "--demand", fx.demand.string()}, 5, junk.string());
  expect_error({"calc", "--db", fx.db.string()}, 2, "give either a product file or --demand");
}

TEST_CASE("calc: a singular model names the product without a producer") {
  TempDir tmp;
  const fs::path dir = tmp / "model";
  fs::create_directories(dir / "demands");
  WriteText(dir / "products.csv",
            "id,name,unit\nclinker,Clinker,t\n\"power, grid\",Electricity,kWh\ncement,Cement,t\n");
  WriteText(dir / "processes.csv", "id,name,unit\nkiln,Kiln,t\nmill,Mill,t\nimport,Cement import,t\n");
  WriteText(dir / "flows.csv", "id,name,unit,compartment\nco2,CO2,kg,air\n");
  WriteText(dir / "indicators.csv", "id,name,unit\ngwp,GWP,kg CO2e\n");
  // The kiln needs power that nothing makes; mill and import both make cement, so no process is left
  // over to supply power (a structural deficiency, not just an odd sign).
  WriteText(dir / "A.mtx",
            "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1\n2 1 -50\n3 2 1\n3 3 1\n");
  WriteText(dir / "B.mtx", "%%MatrixMarket matrix coordinate real general\n1 3 1\n1 1 800\n");
  WriteText(dir / "C.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n");
  WriteText(dir / "demands" / "one.csv", "product_id,amount\nclinker,1\n");
  const fs::path db = tmp / "m.sqlite";
  REQUIRE(RunPcf({"db", "import-matrices", dir.string(), "-o", db.string()}).exit_code == 0);
  const fs::path out = tmp / "r.json";
  const auto run = RunPcf({"calc", "--db", db.string(), "--demand", (dir / "demands" / "one.csv").string(), "-o", out.string()});
  CHECK(run.exit_code == 7);
  CHECK_MESSAGE(run.err.find("Products without a producer: \"power, grid\"") != std::string::npos, run.err);
  CHECK(!fs::exists(out));
  CHECK(RunPcf({"scores", "--db", db.string()}).exit_code == 7);
}

TEST_CASE("calc: an unwritable output is an I/O error and leaves nothing behind") {
  Fixture fx;
  const fs::path out = fx.tmp / "no-such-dir" / "r.json";
  const auto run = RunPcf({"calc", "--db", fx.db.string(), "--demand", fx.demand.string(), "-o", out.string()});
  CHECK(run.exit_code == 6);
  CHECK(run.err.find("cannot create the output file") != std::string::npos);
}

TEST_CASE("cli: --help and --version exit 0, unknown flags exit 2") {
  CHECK(RunPcf({"--help"}).exit_code == 0);
  const auto version = RunPcf({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find(PCF_VERSION) != std::string::npos);
  CHECK(RunPcf({"calc", "--no-such-flag"}).exit_code == 2);
  CHECK(RunPcf({}).exit_code == 2);
}
