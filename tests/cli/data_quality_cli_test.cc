// The data quality rating through the binary (docs/data-quality.md): the result's DQR against the weights
// and ratings worked out by hand from the mini database, its meaning after export to PACT v3 and v2.3,
// refusals of invalid `dqr:` ratings, and the report's data-quality and uncertainty sections in both
// languages.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "cli/mini_db.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace pcf::test;

namespace {

// A Hubei board (reference period 2024) with two database inputs, two direct emissions and a small
// methane line; `cement_dqr` is written on the cement input.
std::string Board(const std::string& cement_dqr = "{technological: 1}") {
  return std::string(kBoardProductHeader) +
         "processes:\n"
         "  - id: make board\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n"
         "    inputs:\n"
         "      - {background: test electricity, amount: 100, unit: kWh}\n"
         "      - {background: test cement, amount: 200, unit: kg, dqr: " + cement_dqr + "}\n"
         "    emissions:\n"
         "      - {flow: \"CO2, fossil\", amount: 50, unit: kg}\n"
         "      - {flow: \"CO2, fossil, process\", amount: 30, unit: kg, primary: false}\n"
         "      - {flow: \"CH4, fossil\", amount: 0.1, unit: kg}\n";
}

// The mini database by hand (tests/data/background-mini): 1 kWh of test electricity burns 0.4 kg of test
// coal (2.0 kg CO2 each) and each kg of coal needs 0.02 kWh and emits 0.001 kg fossil CH4 (GWP100 AR6 29.8):
// e = 0.4 · (2.0 + 0.001 · 29.8) + 0.4 · 0.02 · e. A kg of test cement: 0.5 kg process CO2 and 0.1 kWh.
struct ByHand {
  double e = 0.4 * (2.0 + 0.001 * 29.8) / (1 - 0.4 * 0.02);
  double c_el = 100 * e;
  double c_cem = 200 * (0.5 + 0.1 * e);
  double c_co2 = 50, c_proc = 30, c_ch4 = 0.1 * 29.8;
  double sum = c_el + c_cem + c_co2 + c_proc + c_ch4;
  // Ratings (technological, geographical, temporal, reliability, completeness), docs/data-quality.md:
  // electricity: dataset CN 2023, pedigree (4, 4, 1, 3, 3), made from an unconfirmed factor → technological 3
  // (pedigree), geographical 2 (CN for a CN-HB product), temporal 1 (one year), reliability 5 (the label),
  // completeness 4. Cement: CN-HB 2023, same pedigree, secondary factors → 1 stated, 1, 1, 4 (pedigree
  // beats the label's 2), 4. Measured emissions 1, 1, 1, 2, 1; the estimated one 2, 2, 2, 4, 3.
  double Weighted(double el, double cem, double estimated, double measured) const {
    return (el * c_el + cem * c_cem + estimated * c_proc + measured * (c_co2 + c_ch4)) / sum;
  }
  double technological = Weighted(3, 1, 2, 1);
  double geographical = Weighted(2, 1, 2, 1);
  double temporal = Weighted(1, 1, 2, 1);
  double reliability = Weighted(5, 4, 4, 2);
  double completeness = Weighted(4, 4, 3, 1);
};

double Round2(double v) { return std::round(v * 100) / 100; }

}  // namespace

TEST_CASE("data quality: the result's DQR is the contribution-weighted mean of the ratings derived by hand") {
  const MiniDb mini;
  const fs::path out = mini.work / "board.json";
  REQUIRE(mini.Calc(mini.Write("board.yaml", Board()), {"-o", out.string()}).exit_code == kExitOk);
  const json dqr = json::parse(ReadText(out))["dqr"];
  const ByHand h;
  CHECK(dqr["reference_year"] == 2024);
  CHECK(dqr["technological"].get<double>() == doctest::Approx(h.technological).epsilon(1e-12));
  CHECK(dqr["geographical"].get<double>() == doctest::Approx(h.geographical).epsilon(1e-12));
  CHECK(dqr["temporal"].get<double>() == doctest::Approx(h.temporal).epsilon(1e-12));
  CHECK(dqr["reliability"].get<double>() == doctest::Approx(h.reliability).epsilon(1e-12));
  CHECK(dqr["completeness"].get<double>() == doctest::Approx(h.completeness).epsilon(1e-12));
  REQUIRE(dqr["inputs"].size() == 5);
  const json& el = dqr["inputs"][0];
  CHECK(el["ref"] == "test electricity");
  CHECK(el["contribution"].get<double>() == doctest::Approx(h.c_el).epsilon(1e-12));
  CHECK(el["weight"].get<double>() == doctest::Approx(h.c_el / h.sum).epsilon(1e-12));
  CHECK(el["stated"].empty());
  const json& cem = dqr["inputs"][1];
  CHECK(cem["contribution"].get<double>() == doctest::Approx(h.c_cem).epsilon(1e-12));
  CHECK(cem["stated"] == json::array({"technological"}));
  CHECK(cem["technological"] == 1.0);
  CHECK(cem["reliability"] == 4.0);
  // The weights add up to 1 and the contributions to the declared total.
  double weights = 0, contributions = 0;
  for (const json& d : dqr["inputs"]) weights += d["weight"].get<double>(), contributions += d["contribution"].get<double>();
  CHECK(weights == doctest::Approx(1).epsilon(1e-12));
  CHECK(contributions == doctest::Approx(json::parse(ReadText(out))["method"]["total"].get<double>()).epsilon(1e-12));
  // The terminal summary says the same, to two decimals.
  const RunResult text = mini.Calc(mini.work / "board.yaml", {"--format", "text", "-o", (mini.work / "board.txt").string()});
  REQUIRE(text.exit_code == kExitOk);
  CHECK(ReadText(mini.work / "board.txt").find(fmt::format("technological {:.2f}, geographical {:.2f}, temporal {:.2f}",
                                                           h.technological, h.geographical, h.temporal)) != std::string::npos);
}

TEST_CASE("data quality: a process's dqr rates its lines, a line's own dqr wins") {
  const MiniDb mini;
  std::string text = Board("{geographical: 3}");
  const std::string at = "    stage: A3\n";
  text.replace(text.find(at), at.size(), at + "    dqr: {geographical: 5, temporal: 4}\n");
  const fs::path out = mini.work / "p.json";
  REQUIRE(mini.Calc(mini.Write("p.yaml", text), {"-o", out.string()}).exit_code == kExitOk);
  const json inputs = json::parse(ReadText(out))["dqr"]["inputs"];
  CHECK(inputs[0]["geographical"] == 5.0);  // the process's
  CHECK(inputs[0]["temporal"] == 4.0);
  CHECK(inputs[1]["geographical"] == 3.0);  // the line's own
  CHECK(inputs[1]["temporal"] == 4.0);
  CHECK(inputs[1]["technological"] == 3.0);  // not stated anywhere: derived from the pedigree
  CHECK(inputs[1]["stated"] == json::array({"geographical", "temporal"}));
}

TEST_CASE("data quality: PACT v3 dqi is the 1-5 weighted mean, v2.3 dqi the 1-3 mean above 5 percent with its coverage") {
  const MiniDb mini;
  const fs::path product = mini.Write("board.yaml", Board());
  const fs::path v3 = mini.work / "board.v3.json", v2 = mini.work / "board.v2.json";
  REQUIRE(mini.Calc(product, {"--format", "pact-v3", "-o", v3.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(product, {"--format", "pact-v2", "-o", v2.string()}).exit_code == kExitOk);
  const ByHand h;
  const json d3 = json::parse(ReadText(v3))["pcf"]["dqi"];
  CHECK(d3.size() == 3);
  // Decimal strings, rounded to two decimals.
  CHECK(std::stod(d3["technologicalDQR"].get<std::string>()) == doctest::Approx(Round2(h.technological)));
  CHECK(std::stod(d3["geographicalDQR"].get<std::string>()) == doctest::Approx(Round2(h.geographical)));
  CHECK(std::stod(d3["temporalDQR"].get<std::string>()) == doctest::Approx(Round2(h.temporal)));
  // v2.3: the methane line (under 5 % of the footprint) is left out; coverage says how much is rated.
  REQUIRE(h.c_ch4 < 0.05 * h.sum);
  REQUIRE(h.c_proc > 0.05 * h.sum);
  const double covered = h.sum - h.c_ch4;
  const json d2 = json::parse(ReadText(v2))["pcf"]["dqi"];
  CHECK(d2["coveragePercent"].get<double>() == doctest::Approx(Round2(100 * covered / h.sum)));
  auto v2_rating = [&](double el, double cem, double estimated, double measured) {
    const double mean = (el * h.c_el + cem * h.c_cem + estimated * h.c_proc + measured * h.c_co2) / covered;
    return Round2(1 + (mean - 1) / 2);
  };
  CHECK(d2["technologicalDQR"].get<double>() == doctest::Approx(v2_rating(3, 1, 2, 1)));
  CHECK(d2["geographicalDQR"].get<double>() == doctest::Approx(v2_rating(2, 1, 2, 1)));
  CHECK(d2["temporalDQR"].get<double>() == doctest::Approx(v2_rating(1, 1, 2, 1)));
  CHECK(d2["reliabilityDQR"].get<double>() == doctest::Approx(v2_rating(5, 4, 4, 2)));
  CHECK(d2["completenessDQR"].get<double>() == doctest::Approx(v2_rating(4, 4, 3, 1)));
  for (const char* key : {"technologicalDQR", "geographicalDQR", "temporalDQR", "reliabilityDQR", "completenessDQR"}) {
    CAPTURE(key);
    CHECK(d2[key].get<double>() >= 1);
    CHECK(d2[key].get<double>() <= 3);
  }
}

TEST_CASE("data quality: invalid dqr ratings are refused naming file, line and field (exit 3, nothing written)") {
  const MiniDb mini;
  struct Case {
    std::string dqr, field, message;
  };
  for (const Case& c : std::vector<Case>{
           {"{technological: 6}", "processes[0].inputs[1].dqr.technological", "whole number from 1 (best) to 5 (worst), not \"6\""},
           {"{temporal: 0}", "processes[0].inputs[1].dqr.temporal", "not \"0\""},
           {"{geographical: 2.5}", "processes[0].inputs[1].dqr.geographical", "not \"2.5\""},
           {"{technology: 2}", "processes[0].inputs[1].dqr.technology", "unknown key \"technology\""},
           {"{}", "processes[0].inputs[1].dqr", "as a mapping"},
           {"3", "processes[0].inputs[1].dqr", "as a mapping"}}) {
    CAPTURE(c.dqr);
    const fs::path product = mini.Write("bad.yaml", Board(c.dqr));
    const fs::path out = mini.work / "bad.json";
    const RunResult run = mini.Calc(product, {"-o", out.string()});
    CHECK(run.exit_code == kExitBadInput);
    CHECK(run.err.find("bad.yaml:17:") != std::string::npos);  // the cement line
    CHECK(run.err.find(c.field) != std::string::npos);
    CHECK(run.err.find(c.message) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("data quality: md and html reports with --mc show the DQR and uncertainty sections in English and Chinese") {
  const MiniDb mini;
  std::string text = Board();
  const std::string at = "amount: 100, unit: kWh";
  text.replace(text.find(at), at.size(), at + ", uncertainty: {distribution: lognormal, gsd: 1.2}");
  const fs::path product = mini.Write("board.yaml", text);
  struct Expect {
    const char* lang;
    std::vector<std::string> texts;
  };
  for (const Expect& e : std::vector<Expect>{
           {"en", {"Data quality rating (DQR)", "Inputs that weigh most", "Inputs that rate worst", "Uncertainty (Monte Carlo)",
                   "Statistics of the draws", "97.5 %", "What drives it", "200 draws with seed 5"}},
           {"zh", {"数据质量评级（DQR）", "权重最大的输入", "评级最差的输入", "不确定性（蒙特卡洛模拟）", "抽样结果统计", "97.5 %",
                   "不确定性的主要来源", "以种子 5 抽样 200 次"}}}) {
    for (const char* format : {"md", "html"}) {
      CAPTURE(e.lang);
      CAPTURE(format);
      const fs::path out = mini.work / (std::string("r-") + e.lang + "." + format);
      const RunResult run = mini.Calc(product, {"--mc", "200", "--seed", "5", "--lang", e.lang, "-o", out.string()});
      INFO(run.err);
      REQUIRE(run.exit_code == kExitOk);
      const std::string report = ReadText(out);
      for (const std::string& t : e.texts) {
        CAPTURE(t);
        CHECK(report.find(t) != std::string::npos);
      }
      if (std::string(format) == "html") CHECK(report.find("class=\"marker\"") != std::string::npos);  // the histogram
    }
  }
  // Without --mc there is no uncertainty section, and the DQR section is still there.
  const fs::path plain = mini.work / "plain.md";
  REQUIRE(mini.Calc(product, {"-o", plain.string()}).exit_code == kExitOk);
  CHECK(ReadText(plain).find("Uncertainty (Monte Carlo)") == std::string::npos);
  CHECK(ReadText(plain).find("Data quality rating (DQR)") != std::string::npos);
}

// The report's "what drives it" table shows the contributions of the JSON result of the same seed.
TEST_CASE("data quality: the md report's what-drives-it table holds the result's contributions to variance") {
  const MiniDb mini;
  std::string text = Board();
  const std::string at = "amount: 100, unit: kWh";
  text.replace(text.find(at), at.size(), at + ", uncertainty: {distribution: lognormal, gsd: 1.2}");
  const fs::path product = mini.Write("board.yaml", text);
  const fs::path json_out = mini.work / "r.json", md_out = mini.work / "r.md";
  REQUIRE(mini.Calc(product, {"--mc", "300", "--seed", "5", "-o", json_out.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(product, {"--mc", "300", "--seed", "5", "-o", md_out.string()}).exit_code == kExitOk);
  const json u = json::parse(ReadText(json_out))["uncertainty"];
  const std::string report = ReadText(md_out);
  REQUIRE(u["contribution_method"] == "src");
  REQUIRE_FALSE(u["contributions"].empty());
  CHECK(report.find("| Uncertain input | Kind | Share of the variance | SRC |") != std::string::npos);
  for (const json& c : u["contributions"]) {
    std::string input = c["input"].get<std::string>();
    for (std::size_t at_bar = input.find('|'); at_bar != std::string::npos; at_bar = input.find('|', at_bar + 2))
      input.replace(at_bar, 1, "\\|");  // markdown table cells escape '|'
    const std::string share = fmt::format("{:.1f} %", 100 * c["share"].get<double>());
    CAPTURE(input);
    const std::size_t row = report.find("| " + input + " |");
    REQUIRE(row != std::string::npos);
    CHECK(report.substr(row, report.find('\n', row) - row).find("| " + share + " |") != std::string::npos);
  }
}
