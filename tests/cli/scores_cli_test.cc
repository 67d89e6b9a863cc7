// pcf scores reads the matrices first and checks the rest of the file (indices, content hash) on a second
// thread while it factorizes (engine/calc/scores_run.h): a changed file must still be refused with exit 5
// before any output, also when the change makes the arithmetic fail.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "cli/cli_harness.h"
#include "engine/db/model_store.h"
#include "verification_support.h"

namespace fs = std::filesystem;
using pcf::test::kExitCorruptDatabase;
using pcf::test::kExitOk;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;

namespace {

// One SQL statement on the database behind pcf's back.
void Edit(const fs::path& db, const char* sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
  const int rc = sqlite3_exec(handle, sql, nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("scores: a database changed after it was built is refused before any output, also when A became singular") {
  TempDir tmp;
  const fs::path case_dir = pcf::test::VerificationDir("small/bw2calc-multi-lca-simple");
  const fs::path clean = tmp / "clean.sqlite";
  REQUIRE(RunPcf({"db", "import-matrices", case_dir.string(), "-o", clean.string()}).exit_code == kExitOk);
  const std::string recorded = pcf::LoadModel(clean).content_sha256;
  REQUIRE(recorded.size() == 64);
  REQUIRE(RunPcf({"scores", "--db", clean.string(), "-o", (tmp / "clean.csv").string()}).exit_code == kExitOk);

  const struct {
    const char* what;
    const char* sql;
  } edits[] = {
      {"a product renamed", "UPDATE products SET name = name || ' (renamed)' WHERE row = 0"},
      {"a flow's unit changed", "UPDATE flows SET unit = 'g' WHERE row = 0"},
      // Every value of A zero: the factorization fails (exit 7 on its own), but the damage is what to report.
      {"A zeroed", "UPDATE matrices SET vals = zeroblob(length(vals)) WHERE name = 'A'"},
  };
  for (const auto& edit : edits) {
    CAPTURE(edit.what);
    const fs::path db = tmp / "edited.sqlite";
    fs::copy_file(clean, db, fs::copy_options::overwrite_existing);
    Edit(db, edit.sql);
    const fs::path out = tmp / "scores.csv";
    const auto run = RunPcf({"scores", "--db", db.string(), "-o", out.string(), "--stats"});
    CHECK(run.exit_code == kExitCorruptDatabase);
    CHECK_MESSAGE(run.err.rfind("pcf: error: " + db.string() + ": content hash mismatch: recorded " + recorded + ", computed ", 0) == 0,
                  run.err);
    CHECK(run.err.find("solver=") == std::string::npos);  // no statistics either: nothing was reported
    CHECK_FALSE(fs::exists(out));
  }
  // The clean file still gives its scores (one line per product, and the header).
  CHECK(ReadText(tmp / "clean.csv").rfind("product_id,", 0) == 0);
}
