// pcf calc … --format cbam (issue 6): the CBAM view of the cement examples, checked against a hand
// calculation from the example's parameters and the factor rows of factors/*.csv (read by id, never
// pasted here): calcination by the cement guideline formula, kiln fuel combustion from the NDRC-2013 coal
// parameters and the RDF parameters (fossil share only), electricity × the Hubei 2023 grid factor.
// The defaults shown must be the CBAM-* rows; a product that is not cement or clinker is refused (exit 8)
// and no file is written.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using pcf::test::RunPcf;
using pcf::test::TempDir;

namespace {

fs::path SourceDir() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({std::fabs(a), std::fabs(b), 1e-12}); }

// The value of a row of factors/*.csv by id.
double Factor(const std::string& id) {
  for (const auto& entry : fs::directory_iterator(SourceDir() / "factors")) {
    if (entry.path().extension() != ".csv" || entry.path().filename() == "gwp.csv" ||
        entry.path().filename() == "flows.csv")
      continue;
    const auto records = pcf::ParseCsv(pcf::test::ReadText(entry.path()), entry.path().string());
    for (const auto& r : records)
      if (!r.fields.empty() && r.fields[0] == id) return pcf::ParseFiniteDouble(r.fields[4], {});
  }
  FAIL("factor not found: " << id);
  return 0;
}

// The "key = value" lines of the report's full-precision block.
std::map<std::string, std::string> Values(const std::string& report) {
  std::map<std::string, std::string> out;
  const std::size_t end = report.rfind("```");
  REQUIRE(end != std::string::npos);
  REQUIRE(end > 0);
  const std::size_t start = report.rfind("```\n", end - 1);
  REQUIRE(start != std::string::npos);
  const std::string block = report.substr(start + 4, end - start - 4);
  std::size_t line_start = 0;
  while (line_start < block.size()) {
    std::size_t stop = block.find('\n', line_start);
    if (stop == std::string::npos) stop = block.size();
    const std::string line = block.substr(line_start, stop - line_start);
    if (auto eq = line.find(" = "); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 3);
    line_start = stop + 1;
  }
  return out;
}

std::string Fixed4(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  return buffer;
}

double Number(const std::map<std::string, std::string>& values, const std::string& key) {
  auto it = values.find(key);
  REQUIRE_MESSAGE(it != values.end(), "missing " << key);
  return pcf::ParseFiniteDouble(it->second, {});
}

std::string Cbam(const fs::path& example, const std::string& lang = "en") {
  const auto run = RunPcf({"calc", example.string(), "--format", "cbam", "--lang", lang, "-o", "-"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return run.out;
}

// The example's parameters (examples/cement/po425-cement.yaml), written out again.
struct Po425 {
  double raw_meal_per_clinker = 1.52, cao = 0.655, mgo = 0.022, toc_raw_meal = 0.002;
  double kiln_heat_gj = 3.10, alt_fuel_share = 0.10, kiln_kwh = 52, clinker_ratio = 0.825, grinding_kwh = 32;
};

struct Expected {
  double clk_process, clk_combustion, clk_dir, clk_ind, clk_mwh, cem_dir, cem_ind, cem_mwh, grid;
};

Expected HandCalculation() {
  const Po425 p;
  // Calcination and raw-meal TOC per t clinker (GB/T 32151.8 / NDRC 2013), t CO2.
  const double calcination = p.cao * 44 / 56 + p.mgo * 44 / 40 + p.raw_meal_per_clinker * p.toc_raw_meal * 44 / 12;
  // Coal: CC [tC/TJ = kg C/GJ] × OF × 44/12 → kg CO2/GJ; the heat process's own emission, not its chain.
  const double coal_kg_per_gj = Factor("FU-BITU-2013-CC") * Factor("FU-BITU-2013-OF") * 44 / 12;
  // RDF: only the fossil share is CO2-ETS; the biogenic share counts zero.
  const double rdf_kg_per_gj = Factor("PE-RDF-CC") * Factor("PE-RDF-OF") * 44 / 12 * (1 - Factor("PE-RDF-BIOSHARE"));
  const double combustion = (p.kiln_heat_gj * (1 - p.alt_fuel_share) * coal_kg_per_gj +
                             p.kiln_heat_gj * p.alt_fuel_share * rdf_kg_per_gj) / 1000;
  const double grid = Factor("EL-HB-AVG-2023");  // kg/kWh = t/MWh
  Expected e{};
  e.clk_process = calcination;
  e.clk_combustion = combustion;
  e.clk_dir = calcination + combustion;
  e.clk_mwh = p.kiln_kwh / 1000;
  e.clk_ind = e.clk_mwh * grid;
  // Cement: Annex IV complex good, clinker the precursor; the mill has no direct emissions.
  e.cem_dir = p.clinker_ratio * e.clk_dir;
  e.cem_mwh = p.clinker_ratio * e.clk_mwh + p.grinding_kwh / 1000;
  e.cem_ind = p.clinker_ratio * e.clk_ind + p.grinding_kwh / 1000 * grid;
  e.grid = grid;
  return e;
}

}  // namespace

TEST_CASE("cbam: P.O 42.5 cement, SEE per t clinker and per t cement by hand, defaults from the CBAM rows") {
  const std::string report = Cbam(SourceDir() / "examples" / "cement" / "po425-cement.yaml");
  const auto v = Values(report);
  const Expected e = HandCalculation();

  CHECK(v.at("good") == "cement");
  CHECK(v.at("clinker_product") == "clinker");
  CHECK(Near(Number(v, "clinker_process_co2"), e.clk_process));
  CHECK(Near(Number(v, "clinker_combustion_co2"), e.clk_combustion));
  CHECK(Near(Number(v, "see_clinker_direct"), e.clk_dir));
  CHECK(Near(Number(v, "see_clinker_indirect"), e.clk_ind));
  CHECK(Near(Number(v, "clinker_electricity_mwh"), e.clk_mwh));
  CHECK(Near(Number(v, "clinker_ratio"), 0.825));
  CHECK(Near(Number(v, "see_cement_direct"), e.cem_dir));
  CHECK(Near(Number(v, "see_cement_indirect"), e.cem_ind));
  CHECK(Near(Number(v, "cement_electricity_mwh"), e.cem_mwh));
  CHECK(Near(Number(v, "cement_own_electricity_mwh"), 0.032));
  CHECK(Number(v, "cement_own_direct") == 0);

  // The grid factor: the latest Hubei official average, named with its factor row.
  CHECK(v.at("grid_product") == "electricity, grid, CN-HB, 2023");
  CHECK(v.at("grid_factor_ids") == "EL-HB-AVG-2023");
  CHECK(Near(Number(v, "grid_t_co2_per_mwh"), e.grid));
  CHECK(report.find("EL-HB-AVG-2023 = 0.4044 kgCO2/kWh (secondary") != std::string::npos);

  // The defaults are the factor rows, the totals the rows × (1 + mark-up), equal to the derived TOT rows.
  for (const char* id : {"CBAM-CN-252310-A-DIR", "CBAM-CN-252310-A-IND", "CBAM-CN-252310-B-DIR",
                         "CBAM-CN-252310-B-IND", "CBAM-CN-252329-DIR", "CBAM-CN-252329-IND"})
    CHECK_MESSAGE(Near(Number(v, std::string("default_") + id), Factor(id)), id);
  for (int year : {2026, 2027, 2028}) {
    const std::string y = std::to_string(year);
    CHECK(Near(Number(v, "markup_" + y), Factor("CBAM-MARKUP-" + y)));
    CHECK(std::fabs(Number(v, "default_total_CBAM-CN-252329_" + y) - Factor("CBAM-CN-252329-TOT-" + y)) < 5e-4);
    CHECK(std::fabs(Number(v, "default_total_CBAM-CN-252310-A_" + y) - Factor("CBAM-CN-252310-A-TOT-" + y)) < 5e-4);
  }
  // Human-readable tables carry the same numbers, and the defaults say what they are.
  CHECK(report.find(Fixed4(e.cem_dir)) != std::string::npos);
  CHECK(report.find("SECONDARY and UNCONFIRMED") != std::string::npos);
  CHECK(report.find("| 2523 29 00 | grey Portland cement | 1.350 | 0.070 | 1.420 | 1.562 | 1.704 | 1.846 |") !=
        std::string::npos);
}

TEST_CASE("cbam: bagged cement has the same clinker, its packing electricity adds to the cement part") {
  const auto bulk = Values(Cbam(SourceDir() / "examples" / "cement" / "po425-cement.yaml"));
  const std::string report = Cbam(SourceDir() / "examples" / "cement" / "po425-cement-bagged.yaml", "zh");
  const auto v = Values(report);
  CHECK(Near(Number(v, "see_clinker_direct"), Number(bulk, "see_clinker_direct")));
  CHECK(Near(Number(v, "clinker_ratio"), 0.825));
  CHECK(Near(Number(v, "see_cement_direct"), Number(bulk, "see_cement_direct")));
  CHECK(Near(Number(v, "cement_own_electricity_mwh"), (32 + 1.5) / 1000));
  CHECK(Near(Number(v, "see_cement_indirect"), Number(bulk, "see_cement_indirect") + 1.5 / 1000 * Factor("EL-HB-AVG-2023")));
  CHECK(report.find("特定隐含排放") != std::string::npos);
  CHECK(report.find("熟料-水泥比") != std::string::npos);
}

TEST_CASE("cbam: float glass is refused as unsupported and no file is written") {
  TempDir tmp;
  const fs::path out = tmp / "glass.cbam.md";
  const auto run = RunPcf({"calc", (SourceDir() / "examples" / "glass" / "float-glass.yaml").string(), "--format", "cbam",
                           "-o", out.string()});
  CHECK(run.exit_code == 8);
  CHECK(run.err.find("cbam:") != std::string::npos);
  CHECK(run.err.find("only for cement and clinker") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK(fs::is_empty(tmp.path()));
}
