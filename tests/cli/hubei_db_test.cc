// The shipped Hubei background database (built from factors/ and data/ by the normal build): the
// checks of issue 4 — solvable, sourced, within published ranges, and the Hubei 2023 grid factor equal
// to the official value for the CO2-only method.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using pcf::test::RunPcf;

namespace {

// The value of a factor, read from the factor tables in the repository (not pasted into the test).
double FactorValue(const std::string& id) {
  for (const auto& entry : fs::directory_iterator(SourceDir() / "factors")) {
    if (entry.path().extension() != ".csv") continue;
    const auto records = pcf::ParseCsv(pcf::test::ReadText(entry.path()), entry.path().string());
    for (const auto& r : records)
      if (!r.fields.empty() && r.fields[0] == id) return pcf::ParseFiniteDouble(r.fields[4], {});
  }
  FAIL("factor not found: " << id);
  return 0;
}

// product id → {indicator id → score}, from `pcf scores` on the default database.
std::map<std::string, std::map<std::string, double>> DefaultScores() {
  const auto run = RunPcf({"scores"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto records = pcf::ParseCsv(run.out, "scores.csv");
  std::map<std::string, std::map<std::string, double>> scores;
  for (std::size_t k = 1; k < records.size(); ++k)
    for (std::size_t c = 1; c < records[k].fields.size(); ++c)
      scores[records[k].fields[0]][records[0].fields[c]] = pcf::ParseFiniteDouble(records[k].fields[c], {});
  return scores;
}

}  // namespace

TEST_CASE("hubei database: pcf finds it without flags and every check passes") {
  const auto check = RunPcf({"db", "check"});
  CHECK_MESSAGE(check.exit_code == 0, check.out << check.err);
  CHECK(check.out.find("FAIL") == std::string::npos);
  MESSAGE(check.out);
  const auto info = RunPcf({"db", "info"});
  REQUIRE(info.exit_code == 0);
  CHECK(info.out.find("GWP100-AR6 (default)") != std::string::npos);
  CHECK(info.out.find("unconfirmed") != std::string::npos);  // unconfirmed values stay labelled
}

TEST_CASE("hubei database: at least 150 processes, and plausibility ranges for the key products") {
  const auto scores = DefaultScores();
  CHECK(scores.size() >= 150);
  const auto check = RunPcf({"db", "check"});
  for (const char* product : {"clinker, Portland, market, CN-HB", "cement, P·O 42.5, CN-HB", "float glass, petroleum coke, CN",
                              "gypsum plasterboard, CN"})
    CHECK_MESSAGE(check.out.find(std::string("ok    plausibility: ") + product) != std::string::npos, product);
}

TEST_CASE("hubei database: the 2023 Hubei grid equals the official average for the CO2-only method") {
  const auto scores = DefaultScores();
  const double official = FactorValue("EL-HB-AVG-2023");  // kg CO2 per kWh, MEE/NBS 2023
  const double computed = scores.at("electricity, grid, CN-HB, 2023").at("CO2-ETS");
  CHECK(std::fabs(computed - official) <= 1e-3 * official);
  MESSAGE("Hubei grid 2023, CO2-ETS: computed ", computed, ", official ", official);
}

TEST_CASE("hubei database: search in Chinese and English, show with sources") {
  const auto zh = RunPcf({"db", "search", "水泥"});
  CHECK(zh.exit_code == 0);
  CHECK(zh.out.find("cement, P·O 42.5, CN-HB") != std::string::npos);
  const auto en = RunPcf({"db", "search", "electricity", "hubei"});
  CHECK(en.exit_code == 0);
  CHECK(en.out.find("electricity, grid, CN-HB, 2023") != std::string::npos);
  const auto show = RunPcf({"db", "show", "electricity, grid, CN-HB, 2023"});
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("EL-HB-AVG-2023") != std::string::npos);
  CHECK(show.out.find("Sources") != std::string::npos);
}
