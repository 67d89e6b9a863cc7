// pcf calc … --format cbam (issue 6): the CBAM view of the cement examples, checked against a hand
// calculation from the example's parameters and the factor rows of factors/*.csv (read by id, never
// pasted here): calcination by the cement guideline formula, kiln fuel combustion from the NDRC-2013 coal
// parameters and the RDF parameters (fossil share only), electricity × the national 2023 grid
// factor (the country default CBAM prescribes) or the actual supply the product file states. The
// installation is every foreground process whatever its stage; bought clinker is a precursor with the
// supplier's or the EU default embedded emissions. The defaults shown must be the CBAM-* rows; a product
// that is not cement or clinker is refused (exit 8) and no file is written.
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
using pcf::test::SourceDir;
using pcf::test::RunPcf;
using pcf::test::TempDir;

namespace {

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
  const double grid = Factor("EL-CN-AVG-2023");  // kg/kWh = t/MWh: the country default, not Hubei's
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

  // The grid factor: the latest national official average (the country default), named with its factor row.
  CHECK(v.at("grid_product") == "electricity, grid, CN, 2023");
  CHECK(v.at("grid_factor_ids") == "EL-CN-AVG-2023");
  CHECK(Near(Number(v, "grid_t_co2_per_mwh"), e.grid));
  CHECK(Near(Number(v, "electricity_t_co2_per_mwh"), e.grid));
  CHECK(v.at("electricity_factor_used") == "country-default");
  CHECK(v.at("clinker_origin") == "own");
  CHECK(report.find("EL-CN-AVG-2023 = 0.5306 kgCO2/kWh (secondary") != std::string::npos);
  CHECK(report.find("Actual supply stated in the product file (cbam: electricity_factor): none stated") != std::string::npos);

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
  CHECK(Near(Number(v, "see_cement_indirect"), Number(bulk, "see_cement_indirect") + 1.5 / 1000 * Factor("EL-CN-AVG-2023")));
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

namespace {

fs::path Po425Path() { return SourceDir() / "examples" / "cement" / "po425-cement.yaml"; }

// The cement example with `from` replaced by `to` (`from` must occur once), written to `dir`.
fs::path Po425With(const TempDir& dir, const std::string& from, const std::string& to) {
  std::string text = pcf::test::ReadText(Po425Path());
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), to);
  const fs::path path = dir / "po425.yaml";
  pcf::test::WriteText(path, text);
  return path;
}

// Combustion CO2 of bituminous coal, kg per GJ (the heat process's own emission).
double CoalKgPerGj() { return Factor("FU-BITU-2013-CC") * Factor("FU-BITU-2013-OF") * 44 / 12; }

// A grinding station: clinker bought (`clinker_input`), slag dried with 0.1 GJ of coal heat, 32 kWh grinding.
fs::path GrindingStation(const TempDir& dir, const std::string& clinker_input) {
  const fs::path path = dir / "grinding-station.yaml";
  pcf::test::WriteText(path, R"(pcf: 1
product:
  id: cement P.O 42.5, grinding station
  name: P.O 42.5 cement from a grinding station that buys its clinker
  company: Example Grinding Station (fictitious)
  geography: CN-HB
  declared_unit: {amount: 1, unit: t}
  reference_period: "2024"
  system_boundary: cradle-to-gate
method: GWP100-AR6
processes:
  - id: cement grinding
    name: Cement grinding with slag drying
    stage: A3
    outputs:
      - {product: "cement P.O 42.5, grinding station", amount: 1, unit: t}
    inputs:
      - )" + clinker_input + R"(
      - {background: "granulated blast furnace slag, CN", amount: 0.125, unit: t}
      - {background: "phosphogypsum, residue, cut-off, CN-HB", amount: 0.05, unit: t}
      - {background: "heat, bituminous coal, industrial furnace, NDRC-2013", amount: 0.1, unit: GJ}
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 32, unit: kWh}
)");
  return path;
}

std::string Fixed3(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

}  // namespace

TEST_CASE("cbam: a raw-meal process staged A1 is part of the installation") {
  TempDir tmp;
  // 15 kWh of raw milling per t of raw meal components, in the quarry process (stage A1).
  const std::string iron = "      - {background: \"iron ore correction material, CN\", amount: share_iron, unit: t}\n";
  const fs::path product = Po425With(
      tmp, iron, iron + "      - {background: \"electricity, life cycle, medium voltage, CN-HB\", amount: 15, unit: kWh}\n");
  const std::string report = Cbam(product);
  const auto v = Values(report);
  const Po425 p;
  const double grid = Factor("EL-CN-AVG-2023");
  const double clinker_mwh = (p.kiln_kwh + p.raw_meal_per_clinker * 15) / 1000;
  CHECK(Near(Number(v, "clinker_electricity_mwh"), clinker_mwh));
  CHECK(Near(Number(v, "see_clinker_indirect"), clinker_mwh * grid));
  CHECK(Near(Number(v, "cement_electricity_mwh"), p.clinker_ratio * clinker_mwh + p.grinding_kwh / 1000));
  CHECK(Near(Number(v, "see_cement_indirect"), (p.clinker_ratio * clinker_mwh + p.grinding_kwh / 1000) * grid));
  CHECK(Near(Number(v, "see_clinker_direct"), HandCalculation().clk_dir));  // the quarry burns nothing
  // Listed as part of the clinker production: 0.825 t clinker × 1.52 t raw meal × 15 kWh per declared unit.
  CHECK(report.find("| raw materials | A1 | clinker production | 0.0000 | 0.0000 | " +
                    Fixed3(p.clinker_ratio * p.raw_meal_per_clinker * 15) + " |") != std::string::npos);
  CHECK(report.find("outside the installation") == std::string::npos);
}

TEST_CASE("cbam: an actual electricity supply stated in the product file is used, the country default shown beside it") {
  TempDir tmp;
  const fs::path product = Po425With(tmp, "method: GWP100-AR6\n",
                                     "method: GWP100-AR6\ncbam:\n  electricity_factor: 0.35\n  electricity_source: "
                                     "\"direct line from the Example power plant, metered 2024\"\n");
  const std::string report = Cbam(product);
  const auto v = Values(report);
  const Po425 p;
  CHECK(v.at("electricity_factor_used") == "actual");
  CHECK(Near(Number(v, "electricity_t_co2_per_mwh"), 0.35));
  CHECK(Near(Number(v, "actual_t_co2_per_mwh"), 0.35));
  CHECK(Near(Number(v, "grid_t_co2_per_mwh"), Factor("EL-CN-AVG-2023")));
  CHECK(v.at("actual_source") == "direct line from the Example power plant, metered 2024");
  CHECK(Near(Number(v, "see_clinker_indirect"), p.kiln_kwh / 1000 * 0.35));
  CHECK(Near(Number(v, "see_cement_indirect"), (p.clinker_ratio * p.kiln_kwh + p.grinding_kwh) / 1000 * 0.35));
  CHECK(report.find("0.3500 t CO2/MWh — Factor source: direct line from the Example power plant, metered 2024") !=
        std::string::npos);
  CHECK(report.find("EL-CN-AVG-2023 = 0.5306") != std::string::npos);
  CHECK(report.find("**Used for the indirect emissions: the actual supply = 0.3500 t CO2/MWh**") != std::string::npos);

  // A factor without its source is refused with file, line and field; nothing is written.
  const fs::path bad = Po425With(tmp, "method: GWP100-AR6\n", "method: GWP100-AR6\ncbam:\n  electricity_factor: 0.35\n");
  const fs::path out = tmp / "bad.cbam.md";
  const auto run = RunPcf({"calc", bad.string(), "--format", "cbam", "-o", out.string()});
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("po425.yaml:") != std::string::npos);
  CHECK(run.err.find("cbam") != std::string::npos);
  CHECK(run.err.find("needs its source") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cbam: a grinding station's bought clinker is a precursor with the EU default embedded emissions") {
  TempDir tmp;
  const fs::path product = GrindingStation(tmp, R"({background: "clinker, Portland, market, CN-HB", amount: 0.825, unit: t})");
  const std::string report = Cbam(product);
  const auto v = Values(report);
  const double grid = Factor("EL-CN-AVG-2023");
  const double own_direct = 0.1 * CoalKgPerGj() / 1000;
  CHECK(v.at("good") == "cement");
  CHECK(v.at("clinker_origin") == "default");
  CHECK(v.at("clinker_product") == "clinker, Portland, market, CN-HB");
  CHECK(v.at("clinker_source") == "CBAM-CN-252310-A-DIR, CBAM-CN-252310-A-IND");
  CHECK(Near(Number(v, "see_clinker_direct"), Factor("CBAM-CN-252310-A-DIR")));
  CHECK(Near(Number(v, "see_clinker_indirect"), Factor("CBAM-CN-252310-A-IND")));
  CHECK(Near(Number(v, "clinker_ratio"), 0.825));
  CHECK(Near(Number(v, "cement_own_direct"), own_direct));
  CHECK(Near(Number(v, "cement_own_electricity_mwh"), 0.032));
  CHECK(Near(Number(v, "see_cement_direct"), 0.825 * Factor("CBAM-CN-252310-A-DIR") + own_direct));
  CHECK(Near(Number(v, "see_cement_indirect"), 0.825 * Factor("CBAM-CN-252310-A-IND") + 0.032 * grid));
  CHECK(report.find("bought: EU default value for China, clinker route (A)") != std::string::npos);
  CHECK(v.count("clinker_process_co2") == 0);  // no own clinker figures
}

TEST_CASE("cbam: a grinding station's clinker from a supplier footprint carries the supplier's embedded emissions") {
  TempDir tmp;
  fs::create_directories(tmp / "suppliers");
  pcf::test::WriteText(tmp / "suppliers" / "clinker.json",
                       R"({"specVersion": "2.3.0", "productNameCompany": "Portland clinker, supplier kiln", )"
                       R"("pcf": {"pCfExcludingBiogenic": "0.86", "declaredUnit": "kilogram", "unitaryProductAmount": "1"}})");
  const fs::path product = GrindingStation(tmp, R"({supplier_pcf: suppliers/clinker.json, amount: 825, unit: kg})");
  const std::string report = Cbam(product);
  const auto v = Values(report);
  const double grid = Factor("EL-CN-AVG-2023");
  const double own_direct = 0.1 * CoalKgPerGj() / 1000;
  CHECK(v.at("clinker_origin") == "supplier");
  CHECK(v.at("clinker_source").find("clinker.json") != std::string::npos);
  CHECK(Near(Number(v, "see_clinker_direct"), 0.86));  // 0.86 kg CO2e per kg = t per t
  CHECK(Number(v, "see_clinker_indirect") == 0);
  CHECK(Near(Number(v, "clinker_ratio"), 0.825));
  CHECK(Near(Number(v, "see_cement_direct"), 0.825 * 0.86 + own_direct));
  CHECK(Near(Number(v, "see_cement_indirect"), 0.032 * grid));
  CHECK(report.find("bought: the supplier footprint's PCF") != std::string::npos);
}
