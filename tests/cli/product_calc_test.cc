// pcf calc PRODUCT.yaml on the shipped database: allocation, supplier footprints (PACT v2.3 and v3.0),
// avoided products, waste, transport and unit conversion, each checked against a hand calculation from
// the per-unit background scores of `pcf scores`.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

// GWP100-AR6 per unit of every background product.
const std::map<std::string, double>& Background() {
  static const std::map<std::string, double> scores = [] {
    const auto run = RunPcf({"scores"});
    REQUIRE(run.exit_code == 0);
    const auto records = pcf::ParseCsv(run.out, "scores.csv");
    std::map<std::string, double> out;
    for (std::size_t k = 1; k < records.size(); ++k) out[records[k].fields[0]] = pcf::ParseFiniteDouble(records[k].fields[1], {});
    return out;
  }();
  return scores;
}

double Bg(const std::string& id) { return Background().at(id); }

nlohmann::json Calc(const fs::path& file) {
  const auto run = RunPcf({"calc", file.string(), "-o", "-"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return nlohmann::json::parse(run.out);
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

const char* kHeader = R"(pcf: 1
product:
  id: board
  name: Test board
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
)";

}  // namespace

TEST_CASE("product calc: background inputs, emissions, units and transport by hand") {
  TempDir tmp;
  const fs::path file = tmp / "p.yaml";
  WriteText(file, std::string(kHeader) + R"(parameters:
  kwh: 0.05
processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1000, unit: g}]
    inputs:
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: "kwh * 3.6", unit: MJ}
      - {background: "natural gypsum, crushed, CN-HB", amount: 900, unit: g}
    emissions:
      - {flow: "CO2, fossil", amount: 20, unit: g}
    waste:
      - {treatment: "waste, inert, to landfill, CN", amount: 0.01, unit: kg}
    transport:
      - {mass: "0.9 kg", distance: "50 km", mode: "transport, lorry 30t, diesel, CN"}
)");
  const nlohmann::json r = Calc(file);
  const double expected = 0.05 * Bg("electricity, life cycle, medium voltage, CN-HB") +
                          0.9 * Bg("natural gypsum, crushed, CN-HB") + 0.020 +
                          0.01 * Bg("waste, inert, to landfill, CN") +
                          0.9e-3 * 50 * Bg("transport, lorry 30t, diesel, CN");
  CHECK(Near(r["method"]["total"].get<double>(), expected));
  CHECK(r["method"]["indicator"] == "GWP100-AR6");
  CHECK(Near(r["split"]["foreground"]["total"].get<double>(), 0.020));
  CHECK(Near(r["split"]["background"]["total"].get<double>(), expected - 0.020));
  CHECK(r["stages"].size() == 1);
  CHECK(r["stages"][0]["stage"] == "A3");
  for (const char* key : {"impacts", "inventory", "supply", "manifest", "product", "stages", "split", "allocation",
                          "suppliers", "parameters"})
    CHECK(r.contains(key));
  CHECK(r["parameters"]["kwh"] == 0.05);
  CHECK(r["manifest"]["inputs"][0]["file"] == file.string());
}

TEST_CASE("product calc: allocation by mass, economics and explicit factors, and an avoided product") {
  const double gypsum = Bg("natural gypsum, crushed, CN-HB");
  for (const auto& [method, keys, factor] :
       {std::tuple<std::string, std::string, double>{"mass", "", 2.0 / 3.0},
        {"economic", "price: 30", 2 * 30.0 / (2 * 30.0 + 1 * 15.0)},
        {"factors", "factor: 0.25", 0.25}}) {
    CAPTURE(method);
    TempDir tmp;
    const fs::path file = tmp / "p.yaml";
    const std::string other = method == "economic" ? "price: 15" : method == "factors" ? "factor: 0.75" : "";
    WriteText(file, std::string(kHeader) + "processes:\n  - id: split\n    stage: A3\n    allocation: " + method +
                        "\n    outputs:\n      - {product: board, amount: 2, unit: kg" + (keys.empty() ? "" : ", " + keys) +
                        "}\n      - {product: offcuts, amount: 1, unit: kg" + (other.empty() ? "" : ", " + other) +
                        "}\n    inputs:\n      - {background: \"natural gypsum, crushed, CN-HB\", amount: 3, unit: kg}\n"
                        "    emissions:\n      - {flow: \"CO2, fossil\", amount: 0.3, unit: kg}\n"
                        "    avoided:\n      - {background: \"natural gypsum, crushed, CN-HB\", amount: 0.6, unit: kg}\n");
    const nlohmann::json r = Calc(file);
    // One kg of board carries factor/2 of the process's net burden.
    const double expected = factor / 2 * (3 * gypsum + 0.3 - 0.6 * gypsum);
    CHECK(Near(r["method"]["total"].get<double>(), expected));
    REQUIRE(r["allocation"].size() == 1);
    CHECK(r["allocation"][0]["method"] == method);
    CHECK(Near(r["allocation"][0]["factors"]["board"].get<double>(), factor));
  }
}

TEST_CASE("product calc: supplier footprints in PACT v2.3 and v3.0") {
  TempDir tmp;
  WriteText(tmp / "v2.json", R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25",
            "ipccCharacterizationFactorsSources": ["AR6"]}})");
  WriteText(tmp / "v3.json", R"({"data": {"specVersion": "3.0.0", "productNameCompany": "Paper P", "companyName": "Supplier B",
    "pcf": {"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "pcfExcludingBiogenicUptake": "0.8",
            "ipccCharacterizationFactors": ["AR6"]}}})");
  const fs::path file = tmp / "p.yaml";
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {supplier_pcf: v2.json, amount: 20, unit: g}
      - {supplier_pcf: v3.json, amount: 0.05, unit: kg}
)");
  const nlohmann::json r = Calc(file);
  const double expected = 0.020 * 1.25 + 0.05 * 0.8;
  CHECK(Near(r["method"]["total"].get<double>(), expected));
  CHECK(Near(r["split"]["supplier"]["total"].get<double>(), expected));
  REQUIRE(r["suppliers"].size() == 2);
  CHECK(r["suppliers"][0]["spec_version"] == "2.3.0");
  CHECK(r["suppliers"][1]["company"] == "Supplier B");
  CHECK(r["manifest"]["inputs"].size() == 3);  // the product file and both supplier files, with hashes
  // Not counted by the CO2-only method: a supplier's CO2e cannot be split by gas.
  for (const auto& impact : r["impacts"])
    if (impact["indicator"] == "CO2-ETS") CHECK(impact["total"].get<double>() == 0);
}

TEST_CASE("product calc: foreground chains, stages add up, and the text summary") {
  TempDir tmp;
  const fs::path file = tmp / "p.yaml";
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: quarry
    stage: A1
    outputs: [{product: stone, amount: 1, unit: t}]
    inputs: [{background: "limestone, crushed, at quarry, CN-HB", amount: 1, unit: t}]
  - id: haul
    stage: A2
    outputs: [{product: stone at plant, amount: 1, unit: t}]
    inputs: [{product: stone, amount: 1, unit: t}]
    transport: [{mass: "1 t", distance: "30 km", mode: "transport, lorry 30t, diesel, CN"}]
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {product: stone at plant, amount: 1.2, unit: kg}
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 0.1, unit: kWh}
)");
  const nlohmann::json r = Calc(file);
  const double a1 = 1.2e-3 * 1000 * Bg("limestone, crushed, at quarry, CN-HB");
  const double a2 = 1.2e-3 * 30 * Bg("transport, lorry 30t, diesel, CN");
  const double a3 = 0.1 * Bg("electricity, life cycle, medium voltage, CN-HB");
  REQUIRE(r["stages"].size() == 3);
  CHECK(Near(r["stages"][0]["total"].get<double>(), a1));
  CHECK(Near(r["stages"][1]["total"].get<double>(), a2));
  CHECK(Near(r["stages"][2]["total"].get<double>(), a3));
  CHECK(Near(r["method"]["total"].get<double>(), a1 + a2 + a3));
  const auto text = RunPcf({"calc", file.string(), "-o", (tmp / "r.json").string()});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("by stage:") != std::string::npos);
  CHECK(text.out.find("result: " + (tmp / "r.json").string()) != std::string::npos);
  CHECK(fs::exists(tmp / "r.json"));
}
