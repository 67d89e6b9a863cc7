// `pcf calc EXAMPLE --format pact-v2|pact-v3|csv` for every example product file (issue 6): each PACT
// output validates against the official openapi schema of its version (read from ../shared/reference/pact,
// whose licence forbids copying it here; the test is skipped, saying so, where that folder is absent),
// its key values equal the JSON result's, and the CSV tables carry the JSON result's numbers, byte for
// byte the same on a second run.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunPcfWithEnv;
using pcf::test::RunResult;
using pcf::test::TempDir;

namespace {

fs::path PactDir() { return SourceDir().parent_path() / "shared" / "reference" / "pact"; }

std::vector<fs::path> Examples() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "examples"))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs tests/pact/validate_pact.py; returns its exit status and output.
std::pair<int, std::string> Validate(const fs::path& openapi, const fs::path& footprint, const fs::path& log) {
  const std::string command = "python3 " + Quote((SourceDir() / "tests" / "pact" / "validate_pact.py").string()) + " " +
                              Quote(openapi.string()) + " " + Quote(footprint.string()) + " > " + Quote(log.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadText(log)};
}

double Dec(const json& value) {
  REQUIRE(value.is_string());
  return pcf::ParseFiniteDouble(value.get<std::string>(), {});
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max({std::fabs(a), std::fabs(b), 1e-12}); }

constexpr const char* kEpoch = "1735689600";  // 2025-01-01T00:00:00Z

}  // namespace

TEST_CASE("every example renders PACT v2.3 and v3.0 valid against the official schemas, and CSV with the JSON numbers") {
  if (!fs::exists(PactDir() / "v2" / "openapi.yaml") || !fs::exists(PactDir() / "v3" / "openapi.yaml")) {
    MESSAGE("SKIPPED: the PACT schemas are not at " << PactDir().string()
                                                    << " (their licence forbids copying them into the repository)");
    return;
  }
  const std::vector<fs::path> examples = Examples();
  REQUIRE(examples.size() >= 8);
  for (const fs::path& example : examples) {
    INFO("example: " << example.string());
    TempDir tmp;
    const fs::path result_file = tmp / "result.json";
    REQUIRE(RunPcf({"calc", example.string(), "-o", result_file.string()}).exit_code == 0);
    const json result = json::parse(ReadText(result_file));
    const double total = result["method"]["total"].get<double>();
    const double declared = result["product"]["declared_unit"]["amount"].get<double>();
    const std::string declared_unit = result["product"]["declared_unit"]["unit"].get<std::string>();
    const json& gas = result["gas_groups"];

    json pact[2];
    for (const int version : {2, 3}) {
      INFO("PACT v" << version);
      std::string format = "pact-v";
      format += std::to_string(version);
      std::string schema_dir = "v";
      schema_dir += std::to_string(version);
      const fs::path out = tmp / (format + ".json");
      const RunResult run = RunPcfWithEnv("SOURCE_DATE_EPOCH", kEpoch,
                                          {"calc", example.string(), "--format", format, "-o", out.string()});
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      const auto [status, log] =
          Validate(PactDir() / schema_dir / "openapi.yaml", out, tmp / "validate.log");
      CHECK_MESSAGE(status == 0, log);
      const std::string first = ReadText(out);
      REQUIRE(RunPcfWithEnv("SOURCE_DATE_EPOCH", kEpoch,
                            {"calc", example.string(), "--format", format, "-o", out.string()})
                  .exit_code == 0);
      CHECK(ReadText(out) == first);  // reproducible with SOURCE_DATE_EPOCH
      const json j = json::parse(first);
      pact[version - 2] = j;
      const json& pcf = j["pcf"];
      CHECK(j["created"] == "2025-01-01T00:00:00Z");
      CHECK(j["status"] == "Active");
      CHECK(j["companyName"] == result["product"]["company"]);
      CHECK(pcf["geographyCountrySubdivision"] == "CN-HB");
      CHECK(pcf["referencePeriodStart"] == "2024-01-01T00:00:00Z");
      CHECK(pcf["referencePeriodEnd"] == "2025-01-01T00:00:00Z");
      const double amount = Dec(pcf[version == 3 ? "declaredUnitAmount" : "unitaryProductAmount"]);
      const std::string unit = pcf[version == 3 ? "declaredUnitOfMeasurement" : "declaredUnit"].get<std::string>();
      if (declared_unit == "t") {
        CHECK(unit == "kilogram");
        CHECK(amount == 1000 * declared);
      } else if (declared_unit == "m3") {
        CHECK(unit == "cubic meter");
        CHECK(amount == declared);
      } else if (declared_unit == "m2") {
        CHECK(unit == "square meter");
        CHECK(amount == declared);
      }
      // Per declared unit: the ISO 14067 total (every example stores net biogenic carbon, so it equals the
      // PCF including biogenic uptake exactly), the fossil part, and the total excluding biogenic uptake.
      const double including = Dec(pcf[version == 3 ? "pcfIncludingBiogenicUptake" : "pCfIncludingBiogenic"]);
      const double excluding = Dec(pcf[version == 3 ? "pcfExcludingBiogenicUptake" : "pCfExcludingBiogenic"]);
      const double fossil = Dec(pcf["fossilGhgEmissions"]);
      const double land = Dec(pcf[version == 3 ? "landUseChangeGhgEmissions" : "dLucGhgEmissions"]);
      const double non_co2 = Dec(pcf[version == 3 ? "biogenicNonCO2Emissions" : "otherBiogenicGhgEmissions"]);
      const double uptake = Dec(pcf[version == 3 ? "biogenicCO2Uptake" : "biogenicCarbonWithdrawal"]);
      // v3: per declared unit = declaredUnitAmount × declaredUnitOfMeasurement (the product's declared
      // unit); v2.3: per ONE declaredUnit, unitaryProductAmount of them make the product.
      const double per = version == 3 ? 1 : amount;
      CHECK(including == total / per);
      CHECK(Near(fossil, (gas["fossil"].get<double>() + gas["aircraft"].get<double>()) / per));
      CHECK(Near(land, gas["land_use_change"].get<double>() / per));
      CHECK(Near(excluding, fossil + land + non_co2));
      CHECK(Near(including, excluding + uptake));
      CHECK(uptake <= 0);
      // The IPCC set of the method (GWP100-AR6).
      CHECK(result["method"]["indicator"] == "GWP100-AR6");
      CHECK(pcf[version == 3 ? "ipccCharacterizationFactors" : "ipccCharacterizationFactorsSources"] == json::array({"AR6"}));
      if (version == 2) CHECK(pcf["characterizationFactors"] == "AR6");
      // Primary data share (docs/result-json.md): no example uses a supplier footprint, so every line is the
      // plant's own activity data: foreground + background of the total, in percent, as in the JSON result.
      const double primary = result["split"]["foreground"]["total"].get<double>() + result["split"]["background"]["total"].get<double>();
      const double share = version == 3 ? Dec(pcf["primaryDataShare"]) : pcf["primaryDataShare"].get<double>();
      CHECK(std::fabs(share - 100 * primary / total) <= 1e-9);
      CHECK(std::fabs(share - result["primary_data_share"].get<double>()) <= 1e-9);
      CHECK(pcf["secondaryEmissionFactorSources"][0]["name"] == result["manifest"]["db_name"]);
      CHECK(pcf["secondaryEmissionFactorSources"][0]["version"] == result["manifest"]["db_version"]);
      CHECK(pcf["crossSectoralStandards"] == json::array({"ISO14067"}));
    }
    CHECK(pact[0]["id"] == pact[1]["id"]);  // one footprint, two encodings

    // CSV: the impacts and stages rows carry the JSON result's numbers; the same bytes on a second run.
    const fs::path csv_file = tmp / "tables.csv";
    REQUIRE(RunPcf({"calc", example.string(), "--format", "csv", "-o", csv_file.string()}).exit_code == 0);
    const std::string csv_text = ReadText(csv_file);
    REQUIRE(RunPcf({"calc", example.string(), "-o", csv_file.string()}).exit_code == 0);  // format from .csv
    CHECK(ReadText(csv_file) == csv_text);
    const auto records = pcf::ParseCsv(csv_text, csv_file.string());
    std::vector<std::vector<std::string>> impacts, stages;
    for (const auto& r : records) {
      REQUIRE(!r.fields.empty());
      if (r.fields[0] == "impacts") impacts.push_back(r.fields);
      if (r.fields[0] == "stages") stages.push_back(r.fields);
    }
    REQUIRE(impacts.size() == result["impacts"].size() + 1);
    CHECK(impacts[0] == std::vector<std::string>{"impacts", "indicator", "name", "unit", "total", "method"});
    for (std::size_t i = 0; i < result["impacts"].size(); ++i) {
      const json& e = result["impacts"][i];
      CHECK(impacts[i + 1][1] == e["indicator"].get<std::string>());
      CHECK(impacts[i + 1][3] == e["unit"].get<std::string>());
      CHECK(pcf::ParseFiniteDouble(impacts[i + 1][4], {}) == e["total"].get<double>());
    }
    REQUIRE(stages.size() >= 2);
    CHECK(stages[0] == std::vector<std::string>{"stages", "stage", "indicator", "unit", "total", "share"});
    std::size_t method_rows = 0;
    for (const json& s : result["stages"])
      for (const auto& [indicator, value] : s["by_indicator"].items()) {
        const auto row = std::find_if(stages.begin(), stages.end(), [&](const std::vector<std::string>& f) {
          return f.size() >= 5 && f[1] == s["stage"].get<std::string>() && f[2] == indicator;
        });
        REQUIRE(row != stages.end());
        CHECK(pcf::ParseFiniteDouble((*row)[4], {}) == value.get<double>());
        if (indicator == result["method"]["indicator"].get<std::string>()) {
          CHECK(pcf::ParseFiniteDouble((*row)[4], {}) == s["total"].get<double>());
          ++method_rows;
        }
      }
    CHECK(method_rows == result["stages"].size());
    for (const char* table : {"gas_groups", "origin", "contributions", "hotspots_processes", "hotspots_flows", "inventory"})
      CHECK_MESSAGE(std::any_of(records.begin(), records.end(), [&](const pcf::CsvRecord& r) { return r.fields[0] == table; }), table);
  }
}
