// pcf calc PRODUCT.yaml on the shipped database: allocation, supplier footprints (PACT v2.3 and v3.0),
// avoided products, waste, transport and unit conversion, each checked against a hand calculation from
// the per-unit background scores of `pcf scores`.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include <fmt/format.h>
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
    // One kg of board carries factor/2 of the process's burden; the avoided gypsum is module D, apart.
    const double expected = factor / 2 * (3 * gypsum + 0.3);
    CHECK(Near(r["method"]["total"].get<double>(), expected));
    CHECK(Near(r["module_d"]["total"].get<double>(), -factor / 2 * 0.6 * gypsum));
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

// --- Issue 10: credits apart (module D), primary data share, per-line stages ---------------------------

namespace {

double Dec(const nlohmann::json& value) { return pcf::ParseFiniteDouble(value.get<std::string>(), {}); }

// The JSON stage entry of `stage`, or null.
nlohmann::json Stage(const nlohmann::json& result, const std::string& stage) {
  for (const auto& s : result["stages"])
    if (s["stage"] == stage) return s;
  return nullptr;
}

std::string Render(const fs::path& file, const std::vector<std::string>& format) {
  std::vector<std::string> args = {"calc", file.string()};
  args.insert(args.end(), format.begin(), format.end());
  args.insert(args.end(), {"-o", "-"});
  const auto run = RunPcf(args);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return run.out;
}

}  // namespace

TEST_CASE("credits of avoided products are module D, apart from the declared footprint, stages and PACT") {
  const double g = Bg("natural gypsum, crushed, CN-HB");
  TempDir tmp;
  const fs::path file = tmp / "p.yaml";
  // An upstream process (A1) with a credit feeds 0.8 kg of its product into the reference process (A3),
  // which has a credit of its own: the upstream credit scales with the supply (0.8).
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: calcine
    stage: A1
    outputs: [{product: stucco, amount: 1, unit: kg}]
    inputs:
      - {background: "natural gypsum, crushed, CN-HB", amount: 1.2, unit: kg}
    avoided:
      - {background: "natural gypsum, crushed, CN-HB", amount: 0.5, unit: kg}
  - id: press
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {product: stucco, amount: 0.8, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: 0.1, unit: kg}
    avoided:
      - {background: "natural gypsum, crushed, CN-HB", amount: 0.2, unit: kg, stage: D}
)");
  const nlohmann::json r = Calc(file);
  const double a1 = 0.8 * 1.2 * g, a3 = 0.1, declared = a1 + a3;
  const double d = -(0.8 * 0.5 + 0.2) * g;
  CHECK(Near(r["method"]["total"].get<double>(), declared));
  for (const auto& impact : r["impacts"])
    if (impact["indicator"] == "GWP100-AR6") CHECK(Near(impact["total"].get<double>(), declared));
  // Stages: A1 and A3 declared and adding up to the total; D last, flagged, with the credits.
  REQUIRE(r["stages"].size() == 3);
  CHECK(Near(Stage(r, "A1")["total"].get<double>(), a1));
  CHECK(Near(Stage(r, "A3")["total"].get<double>(), a3));
  CHECK(Stage(r, "A1")["declared"] == true);
  CHECK(r["stages"][2]["stage"] == "D");
  CHECK(r["stages"][2]["declared"] == false);
  CHECK(Near(r["stages"][2]["total"].get<double>(), d));
  // Module D line by line: 0.8 × 0.5 kg from calcine, 0.2 kg from press.
  CHECK(r["module_d"]["part_of_pcf"] == false);
  CHECK(Near(r["module_d"]["total"].get<double>(), d));
  REQUIRE(r["module_d"]["credits"].size() == 2);
  CHECK(r["module_d"]["credits"][0]["process"] == "calcine");
  CHECK(Near(r["module_d"]["credits"][0]["amount"].get<double>(), 0.4));
  CHECK(Near(r["module_d"]["credits"][0]["total"].get<double>(), -0.4 * g));
  CHECK(Near(r["module_d"]["credits"][1]["amount"].get<double>(), 0.2));
  // The origin split and the contribution tree add up to the declared total.
  CHECK(Near(r["split"]["foreground"]["total"].get<double>(), a3));
  CHECK(Near(r["split"]["background"]["total"].get<double>(), a1));
  CHECK(Near(r["split"]["supplier"]["total"].get<double>(), 0));
  CHECK(Near(r["contributions"]["tree"]["total"].get<double>(), declared));

  // PACT: the PCF per declared unit (1 kg) is the declared total, never netted with D.
  const auto pact = nlohmann::json::parse(Render(file, {"--format", "pact-v3"}));
  CHECK(std::fabs(Dec(pact["pcf"]["pcfExcludingBiogenicUptake"]) - declared) <= 1e-6 * declared);
  CHECK(std::fabs(Dec(pact["pcf"]["fossilGhgEmissions"]) - declared) <= 1e-6 * declared);

  // Every report has its own module D line, labelled as not part of the PCF.
  const std::string text = Render(file, {"--format", "text"});
  const std::string d_line = "module D, credits of avoided products (not part of the PCF): ";
  REQUIRE(text.find(d_line) != std::string::npos);
  // The summary rounds for people (4 significant digits, docs/report-formats.md); the JSON keeps the exact value.
  const double d_shown = std::stod(text.substr(text.find(d_line) + d_line.size()));
  CHECK(std::fabs(d_shown - d) <= 5e-4 * std::fabs(d));
  CHECK(Render(file, {"--format", "md", "--lang", "en"}).find("Module D: credits of avoided products (not part of the PCF)") !=
        std::string::npos);
  CHECK(Render(file, {"--format", "md", "--lang", "zh"}).find("D 模块：替代产品的抵扣（不计入产品碳足迹）") != std::string::npos);
  CHECK(Render(file, {"--format", "html"}).find("Module D: credits of avoided products (not part of the PCF)") != std::string::npos);
  const std::string csv = Render(file, {"--format", "csv"});
  CHECK(csv.find("module_d,total,,,,GWP100-AR6,") != std::string::npos);
  CHECK(csv.find("stages,D,") == std::string::npos);

  // pcf verify recomputes the result, module D included.
  const fs::path result = tmp / "p.result.json";
  REQUIRE(RunPcf({"calc", file.string(), "-o", result.string()}).exit_code == 0);
  const auto verify = RunPcf({"verify", result.string()});
  CHECK_MESSAGE(verify.exit_code == 0, (verify.out + verify.err));
}

TEST_CASE("primary data share: the foreground's activity data, whatever converts them, and suppliers' own share") {
  const double e = Bg("electricity, life cycle, medium voltage, CN-HB");
  TempDir tmp;
  WriteText(tmp / "v2.json", R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25",
            "ipccCharacterizationFactorsSources": ["AR6"]}})");
  WriteText(tmp / "v3.json", R"({"specVersion": "3.0.0", "productNameCompany": "Paper P", "companyName": "Supplier B",
    "pcf": {"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "pcfExcludingBiogenicUptake": "0.8",
            "primaryDataShare": "40", "ipccCharacterizationFactors": ["AR6"]}})");
  const fs::path file = tmp / "p.yaml";
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 0.72, unit: MJ}
      - {supplier_pcf: v3.json, amount: 0.05, unit: kg}
      - {supplier_pcf: v2.json, amount: 0.02, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: 0.03, unit: kg}
)");
  const nlohmann::json r = Calc(file);
  // Measured electricity (0.2 kWh = 0.72 MJ) and the direct CO2 are primary whatever converts them; the
  // v3 supplier's 40 % primary share counts, the v2 supplier states none.
  const double total = 0.2 * e + 0.05 * 0.8 + 0.02 * 1.25 + 0.03;
  const double primary = 0.2 * e + 0.03 + 0.05 * 0.8 * 0.40;
  CHECK(Near(r["method"]["total"].get<double>(), total));
  CHECK(Near(r["primary_data_share"].get<double>(), 100 * primary / total));
  const auto v3 = nlohmann::json::parse(Render(file, {"--format", "pact-v3"}));
  CHECK(std::fabs(Dec(v3["pcf"]["primaryDataShare"]) - 100 * primary / total) <= 1e-6);
  const auto v2 = nlohmann::json::parse(Render(file, {"--format", "pact-v2"}));
  CHECK(std::fabs(v2["pcf"]["primaryDataShare"].get<double>() - 100 * primary / total) <= 1e-6);
  CHECK(Render(file, {"--format", "text"}).find(fmt::format("primary data share: {:.1f} %", 100 * primary / total)) !=
        std::string::npos);

  // An example with no supplier footprints: every line is the plant's own activity data, 100 %.
  const nlohmann::json block = Calc(fs::path(PCF_TEST_DATA).parent_path().parent_path() / "examples/masonry/aac-block.yaml");
  const double fg = block["split"]["foreground"]["total"].get<double>(), bg = block["split"]["background"]["total"].get<double>();
  CHECK(Near(block["primary_data_share"].get<double>(), 100 * (fg + bg) / block["method"]["total"].get<double>()));
  CHECK(block["primary_data_share"].get<double>() == 100);

  // Estimated activity data (`primary: false` on a line, or on a process for all its lines) are secondary data;
  // a line's `primary: true` overrides its process's false.
  const double t = Bg("transport, lorry 30t, diesel, CN");
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: make board
    stage: A3
    primary: false
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 0.72, unit: MJ, primary: true}
      - {supplier_pcf: v3.json, amount: 0.05, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: 0.03, unit: kg, primary: true}
    transport:
      - {mass: "1 kg", distance: "100 km", mode: "transport, lorry 30t, diesel, CN"}
)");
  const nlohmann::json est = Calc(file);
  const double est_total = 0.2 * e + 0.05 * 0.8 + 0.03 + 0.1 * t;  // 1 kg × 100 km = 0.1 t*km
  const double est_primary = 0.2 * e + 0.03;  // the supplier line and the transport leg are estimates
  CHECK(Near(est["method"]["total"].get<double>(), est_total));
  CHECK(Near(est["primary_data_share"].get<double>(), 100 * est_primary / est_total));

  // Anything but true or false is refused at its line and column.
  WriteText(file, std::string(kHeader) + R"(processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    emissions:
      - {flow: "CO2, fossil", amount: 0.03, unit: kg, primary: measured}
)");
  const auto bad = RunPcf({"calc", file.string(), "-o", (tmp / "bad.json").string()});
  CHECK(bad.exit_code == 3);  // bad input (docs/exit-codes.md)
  CHECK(bad.err.find("processes[0].emissions[0].primary: write true (activity data measured at the site) or false") !=
        std::string::npos);
  CHECK(!fs::exists(tmp / "bad.json"));
}

TEST_CASE("a line's own stage: a transport leg in A2 and an input in A1 of a process in A3") {
  const double g = Bg("natural gypsum, crushed, CN-HB"), e = Bg("electricity, life cycle, medium voltage, CN-HB");
  const double t = Bg("transport, lorry 30t, diesel, CN");
  TempDir tmp;
  const fs::path file = tmp / "p.yaml";
  const std::string body = R"(processes:
  - id: make board
    stage: A3
    outputs: [{product: board, amount: 1, unit: kg}]
    inputs:
      - {background: "natural gypsum, crushed, CN-HB", amount: 0.9, unit: kg, stage: A1}
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 0.36, unit: MJ}
    emissions:
      - {flow: "CO2, fossil", amount: 0.02, unit: kg}
    transport:
      - {mass: "0.9 kg", distance: "50 km", mode: "transport, lorry 30t, diesel, CN", stage: A2}
)";
  WriteText(file, std::string(kHeader) + body);
  const nlohmann::json r = Calc(file);
  const double a1 = 0.9 * g, a2 = 0.9e-3 * 50 * t, a3 = 0.1 * e + 0.02;
  REQUIRE(r["stages"].size() == 3);
  CHECK(Near(Stage(r, "A1")["total"].get<double>(), a1));
  CHECK(Near(Stage(r, "A2")["total"].get<double>(), a2));
  CHECK(Near(Stage(r, "A3")["total"].get<double>(), a3));
  CHECK(Near(r["method"]["total"].get<double>(), a1 + a2 + a3));
  // The report's boundary comes from the stages included: A1–A3, and A1–A2 are not "excluded".
  const std::string md = Render(file, {"--format", "md", "--lang", "en"});
  CHECK(md.find("cradle to gate (A1–A3)") != std::string::npos);
  CHECK(md.find("A4–A5, B1–B7, C1–C4, D") != std::string::npos);
  CHECK(md.find("A1–A2") == std::string::npos);
  CHECK(md.find("; lines also in A1, A2") != std::string::npos);  // the unit-process table
  CHECK(Render(file, {"--format", "md", "--lang", "zh"}).find("从摇篮到大门（A1–A3）") != std::string::npos);

  // Without the lines' stages everything is A3, and the report says so: A3 only, A1–A2 excluded.
  std::string plain = body;
  for (const std::string cut : {", stage: A1", ", stage: A2"}) plain.erase(plain.find(cut), cut.size());
  WriteText(file, std::string(kHeader) + plain);
  const nlohmann::json only = Calc(file);
  REQUIRE(only["stages"].size() == 1);
  CHECK(Near(only["stages"][0]["total"].get<double>(), a1 + a2 + a3));
  const std::string md_only = Render(file, {"--format", "md", "--lang", "en"});
  CHECK(md_only.find("cradle to gate (A3)") != std::string::npos);
  CHECK(md_only.find("A1–A2, A4–A5, B1–B7, C1–C4, D") != std::string::npos);
  CHECK(md_only.find("A1–A3") == std::string::npos);
}
