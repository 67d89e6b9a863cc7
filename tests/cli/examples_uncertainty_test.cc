// The cement, glass and plasterboard examples carry uncertainty and data quality ratings (issue 14): on
// the shipped Hubei database each runs with --mc, counts every `uncertainty:` of its file as an uncertain
// value, keeps its point value, rates every input 1–5 with the example's own `dqr:` used as stated, and
// renders the data-quality and uncertainty sections in the md (English) and html (Chinese) reports.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace pcf::test;

namespace {

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The text of the example without its comment lines (they mention the keys in words).
std::string WithoutComments(const fs::path& path) {
  std::string out;
  for (const std::string& line : Lines(ReadText(path)))
    if (line.find_first_not_of(' ') == std::string::npos || line[line.find_first_not_of(' ')] != '#') out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("examples: cement, glass and plasterboard carry uncertainty and DQR and render the new report sections") {
  const TempDir tmp;
  for (const char* example : {"cement/po425-cement.yaml", "glass/float-glass.yaml", "gypsum/pg-plasterboard-cutoff.yaml"}) {
    CAPTURE(example);
    const fs::path product = SourceDir() / "examples" / example;
    const std::string text = WithoutComments(product);
    const fs::path point = tmp / "point.json", mc = tmp / "mc.json", md = tmp / "report.md", html = tmp / "report.html";
    REQUIRE(RunPcf({"calc", product.string(), "-o", point.string()}).exit_code == kExitOk);
    REQUIRE(RunPcf({"calc", product.string(), "--mc", "60", "--seed", "3", "-o", mc.string()}).exit_code == kExitOk);
    const json p = json::parse(ReadText(point)), m = json::parse(ReadText(mc));
    // The distribution never moves the point value; every `uncertainty:` of the file is drawn.
    CHECK(m["method"]["total"] == p["method"]["total"]);
    REQUIRE(m.contains("uncertainty"));
    CHECK(m["uncertainty"]["uncertain_values"]["product_file"] == Occurrences(text, "uncertainty:"));
    CHECK(Occurrences(text, "uncertainty:") >= 5);
    const json& u = m["uncertainty"]["total"];
    CHECK(u["p2_5"].get<double>() < u["median"].get<double>());
    CHECK(u["median"].get<double>() < u["p97_5"].get<double>());
    // Every input rated 1–5; the example's own `dqr:` is used as stated; the result is their weighted mean.
    const json& dqr = p["dqr"];
    std::size_t stated_lines = 0;
    double weights = 0;
    for (const json& d : dqr["inputs"]) {
      for (const char* k : {"technological", "geographical", "temporal", "reliability", "completeness"}) {
        CHECK(d[k].get<double>() >= 1);
        CHECK(d[k].get<double>() <= 5);
      }
      stated_lines += d["stated"].empty() ? 0 : 1;
      weights += d["weight"].get<double>();
    }
    CHECK(stated_lines == Occurrences(text, "dqr:"));
    CHECK(stated_lines >= 1);
    CHECK(weights == doctest::Approx(1).epsilon(1e-12));
    for (const char* k : {"technological", "geographical", "temporal"}) {
      double mean = 0;
      for (const json& d : dqr["inputs"]) mean += d["weight"].get<double>() * d[k].get<double>();
      CHECK(dqr[k].get<double>() == doctest::Approx(mean).epsilon(1e-12));
    }
    // The reports show both sections.
    REQUIRE(RunPcf({"calc", product.string(), "--mc", "60", "--seed", "3", "-o", md.string()}).exit_code == kExitOk);
    REQUIRE(RunPcf({"calc", product.string(), "--mc", "60", "--seed", "3", "--lang", "zh", "-o", html.string()}).exit_code == kExitOk);
    const std::string md_text = ReadText(md), html_text = ReadText(html);
    for (const char* t : {"Data quality rating (DQR)", "Inputs that weigh most", "Uncertainty (Monte Carlo)", "Statistics of the draws"})
      CHECK(md_text.find(t) != std::string::npos);
    for (const char* t : {"数据质量评级（DQR）", "权重最大的输入", "不确定性（蒙特卡洛模拟）", "class=\"marker\""})
      CHECK(html_text.find(t) != std::string::npos);
  }
}

TEST_CASE("data quality: a supplier footprint rates 1, 1, temporal by its reference year, reliability and completeness 3") {
  // On the shipped database (supplier footprints need its aggregated CO2e flow). Reference period 2024 of
  // the product against the supplier's 2020: 4 years → temporal 2 (docs/data-quality.md).
  const TempDir tmp;
  WriteText(tmp / "s.json",
            R"({"specVersion": "2.3.0", "productNameCompany": "Clinker", "companyName": "Supplier A", "pcf": {"declaredUnit": )"
            R"("kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "0.8", "referencePeriodStart": )"
            R"("2020-01-01T00:00:00Z", "referencePeriodEnd": "2021-01-01T00:00:00Z"}})");
  WriteText(tmp / "p.yaml", std::string(kBoardProductHeader) +
                                "processes:\n  - id: make board\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n"
                                "    inputs:\n      - {supplier_pcf: s.json, amount: 500, unit: kg}\n");
  const fs::path out = tmp / "p.json", v3 = tmp / "p.v3.json";
  const RunResult run = RunPcf({"calc", (tmp / "p.yaml").string(), "-o", out.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == kExitOk);
  const json dqr = json::parse(ReadText(out))["dqr"];
  REQUIRE(dqr["inputs"].size() == 1);
  CHECK(dqr["inputs"][0]["kind"] == "supplier");
  CHECK(dqr["inputs"][0]["contribution"].get<double>() == doctest::Approx(500 * 0.8).epsilon(1e-12));
  const double expected[] = {1, 1, 2, 3, 3};
  const char* keys[] = {"technological", "geographical", "temporal", "reliability", "completeness"};
  for (int k = 0; k < 5; ++k) CHECK(dqr[keys[k]].get<double>() == expected[k]);
  REQUIRE(RunPcf({"calc", (tmp / "p.yaml").string(), "--format", "pact-v3", "-o", v3.string()}).exit_code == kExitOk);
  CHECK(json::parse(ReadText(v3))["pcf"]["dqi"] == json{{"technologicalDQR", "1"}, {"geographicalDQR", "1"}, {"temporalDQR", "2"}});
}

TEST_CASE("data quality: a supplier footprint's own dqi rates it, v3 as written and v2 mapped from 1-3 to 1-5") {
  const TempDir tmp;
  const std::string v2_head =
      R"({"specVersion": "2.3.0", "productNameCompany": "Clinker", "companyName": "Supplier A", "pcf": {"declaredUnit": )"
      R"("kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "0.8", "referencePeriodStart": )"
      R"("2020-01-01T00:00:00Z", "referencePeriodEnd": "2021-01-01T00:00:00Z")";
  const std::string v3_head =
      R"({"specVersion": "3.0.0", "productNameCompany": "Clinker", "companyName": "Supplier A", "pcf": {)"
      R"("declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "pcfExcludingBiogenicUptake": "0.8", )"
      R"("fossilGhgEmissions": "0.8", "referencePeriodStart": "2020-01-01T00:00:00Z", "referencePeriodEnd": "2021-01-01T00:00:00Z")";
  WriteText(tmp / "p.yaml", std::string(kBoardProductHeader) +
                                "processes:\n  - id: make board\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n"
                                "    inputs:\n      - {supplier_pcf: s.json, amount: 500, unit: kg}\n");
  const char* keys[] = {"technological", "geographical", "temporal", "reliability", "completeness"};
  const auto ratings = [&](const std::string& supplier) {
    WriteText(tmp / "s.json", supplier);
    const RunResult run = RunPcf({"calc", (tmp / "p.yaml").string(), "-o", (tmp / "p.json").string()});
    INFO(run.err);
    REQUIRE(run.exit_code == kExitOk);
    const json dqr = json::parse(ReadText(tmp / "p.json"))["dqr"];
    REQUIRE(dqr["inputs"].size() == 1);
    std::vector<double> out;
    for (const char* k : keys) out.push_back(dqr[k].get<double>());
    fs::remove(tmp / "p.json");
    return std::make_pair(out, dqr["inputs"][0]["basis"].get<std::string>());
  };
  SUBCASE("v2: five ratings 1-3, each r mapped to 1 + 2 (r - 1)") {
    const auto [r, basis] = ratings(v2_head + R"(, "dqi": {"coveragePercent": 78, "technologicalDQR": 1.6, "temporalDQR": 2.6, )"
                                              R"("geographicalDQR": 1.8, "completenessDQR": 1.7, "reliabilityDQR": 2.1}}})");
    // technological, geographical, temporal, reliability, completeness
    const std::vector<double> expected = {1 + 2 * 0.6, 1 + 2 * 0.8, 1 + 2 * 1.6, 1 + 2 * 1.1, 1 + 2 * 0.7};
    for (std::size_t k = 0; k < 5; ++k) CHECK(r[k] == doctest::Approx(expected[k]).epsilon(1e-12));
    CHECK(basis.find("PACT v2 dqi") != std::string::npos);
  }
  SUBCASE("v3: three ratings 1-5 as written, reliability and completeness as without dqi") {
    const auto [r, basis] = ratings(v3_head + R"(, "dqi": {"technologicalDQR": "1.5", "geographicalDQR": "3.2", "temporalDQR": "2.4"}}})");
    const std::vector<double> expected = {1.5, 3.2, 2.4, 3, 3};
    for (std::size_t k = 0; k < 5; ++k) CHECK(r[k] == doctest::Approx(expected[k]).epsilon(1e-12));
    CHECK(basis.find("PACT v3 dqi") != std::string::npos);
  }
  SUBCASE("refused: out of range, wrong type, missing rating, not an object") {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {v3_head + R"(, "dqi": {"technologicalDQR": "5.5", "geographicalDQR": "3", "temporalDQR": "2"}}})",
         "pcf.dqi.technologicalDQR is 5.5, but PACT v3 rates from 1 to 5"},
        {v3_head + R"(, "dqi": {"technologicalDQR": 2, "geographicalDQR": "3", "temporalDQR": "2"}}})",
         "pcf.dqi.technologicalDQR must be a decimal written as a string"},
        {v3_head + R"(, "dqi": {"technologicalDQR": "2", "geographicalDQR": "3"}}})", "pcf.dqi.temporalDQR is missing"},
        {v2_head + R"(, "dqi": {"coveragePercent": 78, "technologicalDQR": 3.5, "temporalDQR": 2, "geographicalDQR": 1, )"
                   R"("completenessDQR": 1, "reliabilityDQR": 1}}})",
         "pcf.dqi.technologicalDQR is 3.5, but PACT v2 rates from 1 to 3"},
        {v2_head + R"(, "dqi": {"technologicalDQR": 2, "temporalDQR": 2, "geographicalDQR": 1, "completenessDQR": 1, )"
                   R"("reliabilityDQR": 1}}})",
         "pcf.dqi.coveragePercent is missing"},
        {v2_head + R"(, "dqi": [1, 2]}})", "pcf.dqi must be an object"}};
    for (const auto& [supplier, message] : bad) {
      CAPTURE(message);
      WriteText(tmp / "s.json", supplier);
      const RunResult run = RunPcf({"calc", (tmp / "p.yaml").string(), "-o", (tmp / "p.json").string()});
      CHECK(run.exit_code == kExitBadInput);
      CHECK(run.err.find(message) != std::string::npos);
      CHECK(run.err.find("s.json") != std::string::npos);
      CHECK_FALSE(fs::exists(tmp / "p.json"));
    }
  }
}
