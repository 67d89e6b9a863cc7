// What-if runs through the binary (docs/sensitivity.md): `pcf calc --set NAME=VALUE` against a separate run of
// the file edited to the same value, its record in the manifest and `pcf verify` of it; `pcf sensitivity`
// elasticities against hand formulas; `pcf compare` differences against separate runs; the refusals. The
// background is the 3-process test database (tests/data/background-mini).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <tuple>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "cli/mini_db.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::kExitOk;
using pcf::test::kExitUsage;
using pcf::test::MiniDb;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

const char* const kHeader = R"(pcf: 1
product:
  id: widget
  name: Widget
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
)";

// A widget whose footprint is linear in every amount: direct CO2 (GWP 1) only, one emission a formula of
// the parameter `share`, one from `base` through a derived parameter. total = 10 share + 3 + 2 base.
std::string Widget(const std::string& share = "0.6", const std::string& base = "5") {
  return std::string(kHeader) + "parameters:\n  share: " + share + "\n  base: " + base + "\n  doubled: \"2 * base\"\n" +
         R"(processes:
  - id: make widget
    stage: A3
    outputs:
      - {product: widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: "10 * share", unit: kg}
      - {flow: "CO2, fossil, process", amount: 3, unit: kg}
      - {flow: "CO2, fossil", amount: doubled, unit: kg, stage: A1}
)";
}

// The rows of the Markdown table that follows `heading` in `page` (up to the first line that is not a row),
// each split into its cells.
std::vector<std::vector<std::string>> MarkdownRowsAfter(const std::string& page, const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  const auto at = page.find(heading);
  if (at == std::string::npos) return rows;
  std::size_t line = page.find("\n|", at);
  if (line == std::string::npos) return rows;
  line = page.find('\n', page.find('\n', line + 1) + 1);  // past the header and its alignment row
  while (line != std::string::npos && line + 1 < page.size() && page[line + 1] == '|') {
    const std::size_t end = page.find('\n', line + 1);
    const std::string text = page.substr(line + 2, end - line - 2);
    std::vector<std::string> cells;
    std::size_t from = 0;
    for (std::size_t bar = text.find(" | "); bar != std::string::npos; from = bar + 3, bar = text.find(" | ", from))
      cells.push_back(text.substr(from + (from == 0 ? 1 : 0), bar - from - (from == 0 ? 1 : 0)));
    cells.push_back(text.substr(from, text.size() - from - 2));  // the last cell, without " |"
    rows.push_back(cells);
    line = end;
  }
  return rows;
}

json WithoutManifest(json result) {
  result.erase("manifest");
  return result;
}

}  // namespace

TEST_CASE("what-if: calc --set gives the result of the file edited to the same value, recorded and verified") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path edited = work.Write("edited.yaml", Widget("0.8", "7.5"));
  const fs::path set_out = work.work / "set.json", edited_out = work.work / "edited.json";
  const RunResult set = work.Run({"calc", product.string(), "--set", "share=0.8", "--set", "base=7.5", "-o", set_out.string()});
  INFO(set.err);
  REQUIRE(set.exit_code == kExitOk);
  REQUIRE(work.Run({"calc", edited.string(), "-o", edited_out.string()}).exit_code == kExitOk);
  const json a = json::parse(ReadText(set_out)), b = json::parse(ReadText(edited_out));
  CHECK(WithoutManifest(a) == WithoutManifest(b));
  CHECK(a["method"]["total"].get<double>() == doctest::Approx(10 * 0.8 + 3 + 2 * 7.5).epsilon(1e-14));
  CHECK(a["parameters"]["doubled"].get<double>() == 15);  // a parameter computed from an overridden one follows it
  CHECK(a["manifest"]["overrides"] == json{{"base", 7.5}, {"share", 0.8}});
  CHECK_FALSE(b["manifest"].contains("overrides"));
  CHECK(Contains(set.out, "what-if (--set): base = 7.5 share = 0.8"));
  // verify recomputes with the recorded values; another value in the manifest is a mismatch.
  const RunResult verified = work.Run({"verify", set_out.string()});
  INFO(verified.out);
  CHECK(verified.exit_code == kExitOk);
  json tampered = a;
  tampered["manifest"]["overrides"]["share"] = 0.7;
  WriteText(work.work / "tampered.json", tampered.dump(2));
  const RunResult mismatch = work.Run({"verify", (work.work / "tampered.json").string()});
  CHECK(mismatch.exit_code != kExitOk);
  CHECK(Contains(mismatch.out, "mismatch"));
}

// An uncertainty is written around the value in the file: a --set value outside its range is a fixed what-if
// value, neither refused nor drawn; the other uncertain values are still drawn.
TEST_CASE("what-if: calc --set of an uncertain parameter fixes it, also outside the range of its uncertainty") {
  const MiniDb work;
  const fs::path product = work.Write(
      "widget.yaml", Widget("{value: 0.6, uncertainty: {distribution: uniform, min: 0.5, max: 0.7}}",
                            "{value: 5, uncertainty: {distribution: normal, sd: 0.1}}"));
  const fs::path out = work.work / "set.json", plain = work.work / "plain.json";
  const RunResult set =
      work.Run({"calc", product.string(), "--set", "share=0.9", "--mc", "400", "--seed", "3", "-o", out.string()});
  INFO(set.err);
  REQUIRE(set.exit_code == kExitOk);
  REQUIRE(work.Run({"calc", product.string(), "--mc", "400", "--seed", "3", "-o", plain.string()}).exit_code == kExitOk);
  const json a = json::parse(ReadText(out)), b = json::parse(ReadText(plain));
  CHECK(a["method"]["total"].get<double>() == doctest::Approx(10 * 0.9 + 3 + 2 * 5).epsilon(1e-14));
  CHECK(a["uncertainty"]["uncertain_values"]["product_file"] == 1);  // base only; share is fixed
  CHECK(b["uncertainty"]["uncertain_values"]["product_file"] == 2);
  // total = 10 share + 3 + 2 base: with share fixed the draws' sd is 2 sd(base) = 0.2, so the mean of 400
  // draws lies within 0.05 (five standard errors) of 22.
  CHECK(std::abs(a["uncertainty"]["total"]["mean"].get<double>() - 22) < 0.05);
  CHECK(a["uncertainty"]["total"]["sd"].get<double>() == doctest::Approx(0.2).epsilon(0.15));
}

TEST_CASE("what-if: calc --set refuses an unknown parameter, a bad value, a duplicate and a missing = with nothing written") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path out = work.work / "out.json";
  struct Case {
    std::vector<std::string> set;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"shar=0.7"}, "--set: the product file has no parameter \"shar\" (did you mean \"share\"?)"},
      {{"share=0,7"}, "--set \"share=0,7\": \"0,7\" is not a number"},
      {{"share=nan"}, "\"nan\" is not a number"},
      {{"share=0.7", "share=0.8"}, "--set: parameter \"share\" is set twice"},
      {{"share"}, "--set \"share\": write NAME=VALUE"},
      {{"2x=1"}, "\"2x\" is not a parameter name"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"calc", product.string(), "-o", out.string()};
    for (const std::string& s : c.set) args.insert(args.end(), {"--set", s});
    const RunResult run = work.Run(args);
    INFO(c.message << " / " << run.err);
    CHECK(run.exit_code == kExitUsage);
    CHECK(Contains(run.err, c.message));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("sensitivity: the elasticity of a linear input is its share of the total, ranked by magnitude") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path out = work.work / "s.json";
  const RunResult run = work.Run({"sensitivity", product.string(), "--delta", "5%", "-o", out.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == kExitOk);
  const json s = json::parse(ReadText(out))["sensitivity"];
  // total = 10 share + 3 + 2 base = 6 + 3 + 10 = 19; each term's elasticity is its share of the total.
  const double share = 0.6, base = 5, total = 10 * share + 3 + 2 * base;
  CHECK(s["total"].get<double>() == doctest::Approx(total).epsilon(1e-14));
  CHECK(s["delta"].get<double>() == 0.05);
  std::map<std::string, json> by_name;
  for (const json& input : s["inputs"]) by_name[input["name"].get<std::string>()] = input;
  const std::map<std::string, double> expected = {
      {"share", 10 * share / total},
      {"base", 2 * base / total},
      {"doubled", 2 * base / total},
      {"make widget · emission · CO2, fossil, process", 3 / total},
  };
  for (const auto& [name, elasticity] : expected) {
    INFO(name);
    REQUIRE(by_name.count(name) == 1);
    CHECK(by_name[name]["elasticity"].get<double>() == doctest::Approx(elasticity).epsilon(1e-12));
    CHECK(by_name[name]["total_plus"].get<double>() == doctest::Approx(total * (1 + 0.05 * elasticity)).epsilon(1e-12));
  }
  // The output amount: the total is per unit of output, T(x) = T / x: elasticity (1/1.05 − 1/0.95) / (2 · 0.05).
  const json output = by_name["make widget · output · widget"];
  CHECK(output["elasticity"].get<double>() == doctest::Approx((1 / 1.05 - 1 / 0.95) / 0.1).epsilon(1e-12));
  // Ranked by |elasticity|, largest first.
  double previous = 1e300;
  for (const json& input : s["inputs"]) {
    if (!input["varied"].get<bool>()) continue;
    CHECK(std::fabs(input["elasticity"].get<double>()) <= previous);
    previous = std::fabs(input["elasticity"].get<double>());
  }
  CHECK(s["allocation"]["multi_output_processes"].empty());
  CHECK(s["allocation"]["alternatives"].empty());
}

TEST_CASE("sensitivity: allocation alternatives side by side, and html with an inline-svg tornado in both languages") {
  const MiniDb work;
  // Two outputs: 3 kg of widget (price 2) and 1 kg of chips (price 6); 12 kg CO2. Mass: widget gets 3/4,
  // per kg 12 · 3/4 / 3 = 3. Economic: 6/(6+6) = 1/2, per kg 12 · 1/2 / 3 = 2. The file says economic.
  const fs::path product = work.Write("two.yaml", std::string(kHeader) + R"(processes:
  - id: split
    stage: A3
    allocation: economic
    outputs:
      - {product: widget, amount: 3, unit: kg, price: 2}
      - {product: chips, amount: 1, unit: kg, price: 6}
    emissions:
      - {flow: "CO2, fossil", amount: 12, unit: kg}
)");
  const fs::path out = work.work / "a.json";
  REQUIRE(work.Run({"sensitivity", product.string(), "-o", out.string()}).exit_code == kExitOk);
  const json alternatives = json::parse(ReadText(out))["sensitivity"]["allocation"]["alternatives"];
  REQUIRE(alternatives.size() == 3);
  CHECK(alternatives[0]["allocation"] == "file");
  CHECK(alternatives[0]["total"].get<double>() == doctest::Approx(12.0 * 0.5 / 3).epsilon(1e-14));
  CHECK(alternatives[1]["allocation"] == "mass");
  CHECK(alternatives[1]["total"].get<double>() == doctest::Approx(12.0 * 0.75 / 3).epsilon(1e-14));
  CHECK(alternatives[1]["difference"].get<double>() == doctest::Approx(3.0 - 2.0).epsilon(1e-14));
  CHECK(alternatives[2]["total"].get<double>() == doctest::Approx(2.0).epsilon(1e-14));
  for (const auto& [lang, heading] : {std::pair{"en", "Tornado chart"}, std::pair{"zh", "龙卷风图"}}) {
    const fs::path html = work.work / (std::string("s-") + lang + ".html");
    const RunResult run = work.Run({"sensitivity", product.string(), "--lang", lang, "-o", html.string()});
    REQUIRE(run.exit_code == kExitOk);
    const std::string page = ReadText(html);
    CHECK(Contains(page, "<svg"));
    CHECK(Contains(page, heading));
    CHECK_FALSE(Contains(page, "<script"));
    CHECK(Contains(page, lang == std::string("zh") ? "质量分配" : "mass"));
  }
}

TEST_CASE("sensitivity: a product without a multi-output process says so") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const RunResult text = work.Run({"sensitivity", product.string()});
  CHECK(text.exit_code == kExitOk);
  CHECK(Contains(text.out, "No process has several outputs: there is no allocation to compare."));
  const RunResult md = work.Run({"sensitivity", product.string(), "--format", "md", "--lang", "zh"});
  CHECK(Contains(md.out, "没有多产出过程"));
  CHECK(Contains(md.out, "| # |"));
}

TEST_CASE("sensitivity: a bad --delta is refused with exit 2 and nothing written") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path out = work.work / "s.json";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0", "the change must lie between 0 and 100 %"},
      {"100%", "the change must lie between 0 and 100 %"},
      {"10", "the change must lie between 0 and 100 % (exclusive); for 10 % write 10%"},
      {"-5%", "the change must lie between 0 and 100 %"},
      {"ten", "write a percentage such as 10% or a fraction such as 0.1"},
  };
  for (const auto& [delta, message] : cases) {
    const RunResult run = work.Run({"sensitivity", product.string(), "--delta", delta, "-o", out.string()});
    INFO(delta << ": " << run.err);
    CHECK(run.exit_code == kExitUsage);
    CHECK(Contains(run.err, "--delta \"" + delta + "\": " + message));
    CHECK_FALSE(fs::exists(out));
  }
}

namespace {

// Total and declared stage totals of a `pcf calc` JSON result.
std::pair<double, std::map<std::string, double>> TotalsOf(const json& result) {
  std::map<std::string, double> stages;
  for (const json& s : result["stages"])
    if (s.value("declared", true)) stages[s["stage"].get<std::string>()] = s["total"].get<double>();
  return {result["method"]["total"].get<double>(), stages};
}

}  // namespace

TEST_CASE("compare: totals, stages and differences equal those of separate runs, for files and for scenarios") {
  const MiniDb work;
  const fs::path a = work.Write("a.yaml", Widget());
  const fs::path b = work.Write("b.yaml", Widget("0.9", "4"));
  const fs::path out = work.work / "c.json";
  const RunResult run = work.Run({"compare", a.string(), b.string(), "-o", out.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == kExitOk);
  REQUIRE(work.Run({"calc", a.string(), "-o", (work.work / "a.json").string()}).exit_code == kExitOk);
  REQUIRE(work.Run({"calc", b.string(), "-o", (work.work / "b.json").string()}).exit_code == kExitOk);
  const auto [total_a, stages_a] = TotalsOf(json::parse(ReadText(work.work / "a.json")));
  const auto [total_b, stages_b] = TotalsOf(json::parse(ReadText(work.work / "b.json")));
  const json c = json::parse(ReadText(out))["comparison"];
  REQUIRE(c["rows"].size() == 2);
  CHECK(c["rows"][0]["total"].get<double>() == total_a);
  CHECK(c["rows"][1]["total"].get<double>() == total_b);
  CHECK(c["rows"][1]["difference"].get<double>() == total_b - total_a);
  CHECK(c["rows"][1]["relative_difference"].get<double>() == (total_b - total_a) / total_a);
  CHECK(c["stages"] == json{"A1", "A3"});
  for (const auto& [stage, value] : stages_b) {
    CHECK(c["rows"][1]["stages"][stage]["total"].get<double>() == value);
    CHECK(c["rows"][1]["stages"][stage]["difference"].get<double>() == value - stages_a.at(stage));
  }

  // One file with scenarios: each row is the file run with `--set` of the scenario's values.
  const fs::path scen = work.work / "s.json";
  REQUIRE(work.Run({"compare", a.string(), "--scenario", "high:share=0.9,base=4", "--scenario", "low:share=0.3", "-o", scen.string()})
              .exit_code == kExitOk);
  REQUIRE(work.Run({"calc", a.string(), "--set", "share=0.3", "-o", (work.work / "low.json").string()}).exit_code == kExitOk);
  const auto [total_low, stages_low] = TotalsOf(json::parse(ReadText(work.work / "low.json")));
  const json s = json::parse(ReadText(scen))["comparison"];
  REQUIRE(s["rows"].size() == 3);
  CHECK(s["rows"][0]["label"] == "a");
  CHECK(s["rows"][1]["label"] == "high");
  CHECK(s["rows"][1]["total"].get<double>() == total_b);  // b.yaml is a.yaml edited to the same values
  CHECK(s["rows"][1]["overrides"] == json{{"base", 4}, {"share", 0.9}});
  CHECK(s["rows"][2]["total"].get<double>() == total_low);
  CHECK(s["rows"][2]["difference"].get<double>() == total_low - total_a);
  // The text view shows the same table.
  const RunResult text = work.Run({"compare", a.string(), "--scenario", "low:share=0.3"});
  CHECK(Contains(text.out, "share = 0.3"));
  CHECK(Contains(text.out, "reference"));
}

TEST_CASE("compare: malformed scenarios, unknown parameters and scenarios of several files are refused, nothing written") {
  const MiniDb work;
  const fs::path a = work.Write("a.yaml", Widget());
  const fs::path b = work.Write("b.yaml", Widget("0.9"));
  const fs::path out = work.work / "c.json";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{a.string(), "--scenario", "share=0.3"}, "--scenario \"share=0.3\": write NAME:KEY=VALUE,KEY=VALUE"},
      {{a.string(), "--scenario", "x:shar=0.3"}, "the product file has no parameter \"shar\" (did you mean \"share\"?)"},
      {{a.string(), "--scenario", "x:share=0.3,share=0.4"}, "--scenario x: parameter \"share\" is set twice"},
      {{a.string(), "--scenario", "x:share=a"}, "--scenario x \"share=a\": \"a\" is not a number"},
      {{a.string(), "--scenario", "x:share=0.3", "--scenario", "x:base=1"}, "--scenario: the name \"x\" is used twice"},
      {{a.string(), b.string(), "--scenario", "x:share=0.3"}, "give exactly one file"},
      {{a.string()}, "compare needs two product files, or one with --scenario"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"compare"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), {"-o", out.string()});
    const RunResult run = work.Run(args);
    INFO(c.message << " / " << run.err);
    CHECK(run.exit_code == kExitUsage);
    CHECK(Contains(run.err, c.message));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("what-if: batch --set applies the values to every input and records them, and refuses --resume with it") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path out = work.work / "out";
  const RunResult run = work.Run({"batch", product.string(), "-o", out.string(), "--set", "share=0.3"});
  INFO(run.err);
  REQUIRE(run.exit_code == kExitOk);
  const json result = json::parse(ReadText(out / "widget.result.json"));
  CHECK(result["manifest"]["overrides"] == json{{"share", 0.3}});
  CHECK(result["method"]["total"].get<double>() == doctest::Approx(10 * 0.3 + 3 + 2 * 5.0).epsilon(1e-14));
  const fs::path again = work.work / "again";
  const RunResult refused = work.Run({"batch", product.string(), "-o", again.string(), "--set", "share=0.3", "--resume"});
  CHECK(refused.exit_code == kExitUsage);
  CHECK(Contains(refused.err, "--set and --resume cannot be combined"));
  CHECK_FALSE(fs::exists(again / "widget.result.json"));
}

TEST_CASE("study report: the sensitivity section holds the elasticities of pcf sensitivity, in md and html, en and zh") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path sens = work.work / "s.json";
  REQUIRE(work.Run({"sensitivity", product.string(), "--format", "json", "-o", sens.string()}).exit_code == kExitOk);
  // The varied inputs of `pcf sensitivity`, in its order (ranked), with their elasticity as the report rounds it.
  std::vector<std::pair<std::string, std::string>> expected;
  const json result = json::parse(ReadText(sens));
  for (const json& input : result["sensitivity"]["inputs"])
    if (input["varied"].get<bool>() && expected.size() < 15)
      expected.push_back({input["name"].get<std::string>(), pcf::HumanNumber(input["elasticity"].get<double>(), 3)});
  REQUIRE(expected.size() == 7);  // 3 parameters and 4 amounts (the output, 3 emissions), none of them 0
  for (const auto& [lang, title, heading] : {std::tuple{"en", "Sensitivity analysis", "Inputs ranked by elasticity"},
                                             std::tuple{"zh", "敏感性分析", "按弹性系数排序的输入"}}) {
    INFO(lang);
    const fs::path md = work.work / (std::string("r-") + lang + ".md"), html = work.work / (std::string("r-") + lang + ".html");
    const RunResult run_md = work.Run({"calc", product.string(), "--lang", lang, "-o", md.string()});
    INFO(run_md.err);
    REQUIRE(run_md.exit_code == kExitOk);
    const std::string page = ReadText(md);
    CHECK(Contains(page, title));
    const auto rows = MarkdownRowsAfter(page, heading);
    REQUIRE(rows.size() == expected.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      INFO(rows[k][1]);
      CHECK(rows[k][0] == std::to_string(k + 1));
      CHECK(rows[k][1] == expected[k].first);
      CHECK(rows[k].back() == expected[k].second);
    }
    REQUIRE(work.Run({"calc", product.string(), "--lang", lang, "-o", html.string()}).exit_code == kExitOk);
    const std::string svg_page = ReadText(html);
    CHECK(Contains(svg_page, "<figure class=\"chart tornado\">"));
    CHECK(Contains(svg_page, title));
    CHECK_FALSE(Contains(svg_page, "<script"));
    for (const auto& [name, elasticity] : expected) CHECK(Contains(svg_page, ">" + elasticity + "</text></g>"));
  }
  // With --set the section is around the what-if point: share = 0.5, total 5 + 3 + 10 = 18, share's elasticity 5/18.
  const fs::path what_if = work.work / "what-if.md";
  REQUIRE(work.Run({"calc", product.string(), "--set", "share=0.5", "-o", what_if.string()}).exit_code == kExitOk);
  bool found = false;
  for (const auto& row : MarkdownRowsAfter(ReadText(what_if), "Inputs ranked by elasticity")) {
    if (row[1] != "share") continue;
    found = true;
    CHECK(row.back() == pcf::HumanNumber(5.0 / 18, 3));
  }
  CHECK(found);
}

TEST_CASE("study report: --no-sensitivity (calc, batch) leaves the section out, and json results are the same either way") {
  const MiniDb work;
  const fs::path product = work.Write("widget.yaml", Widget());
  for (const char* ext : {".md", ".html"}) {
    const fs::path with = work.work / (std::string("with") + ext), without = work.work / (std::string("without") + ext);
    REQUIRE(work.Run({"calc", product.string(), "-o", with.string()}).exit_code == kExitOk);
    const RunResult skip = work.Run({"calc", product.string(), "--no-sensitivity", "-o", without.string()});
    INFO(skip.err);
    REQUIRE(skip.exit_code == kExitOk);
    CHECK(Contains(ReadText(with), "Sensitivity analysis"));
    CHECK_FALSE(Contains(ReadText(without), "Sensitivity analysis"));
    CHECK_FALSE(Contains(ReadText(without), "Inputs ranked by elasticity"));
  }
  const fs::path a = work.work / "a.json", b = work.work / "b.json";
  REQUIRE(work.Run({"calc", product.string(), "-o", a.string()}).exit_code == kExitOk);
  REQUIRE(work.Run({"calc", product.string(), "--no-sensitivity", "-o", b.string()}).exit_code == kExitOk);
  // pcf batch: the same section in each md report, and the same flag to leave it out.
  const fs::path with_dir = work.work / "batch-with", without_dir = work.work / "batch-without";
  REQUIRE(work.Run({"batch", product.string(), "-o", with_dir.string(), "--format", "md"}).exit_code == kExitOk);
  REQUIRE(work.Run({"batch", product.string(), "-o", without_dir.string(), "--format", "md", "--no-sensitivity"}).exit_code ==
          kExitOk);
  CHECK(Contains(ReadText(with_dir / "widget.report.md"), "Inputs ranked by elasticity"));
  CHECK_FALSE(Contains(ReadText(without_dir / "widget.report.md"), "Sensitivity analysis"));
  const json ja = json::parse(ReadText(a));
  CHECK(WithoutManifest(ja) == WithoutManifest(json::parse(ReadText(b))));
  CHECK_FALSE(ja.contains("sensitivity"));
  const RunResult verify = work.Run({"verify", a.string()});
  INFO(verify.err);
  CHECK(verify.exit_code == kExitOk);
}

TEST_CASE("study report: the allocation alternatives, or that a product without a multi-output process has none") {
  const MiniDb work;
  const fs::path widget = work.Write("widget.yaml", Widget());
  const fs::path md = work.work / "w.md", zh = work.work / "w-zh.md";
  REQUIRE(work.Run({"calc", widget.string(), "-o", md.string()}).exit_code == kExitOk);
  CHECK(Contains(ReadText(md), "No process has several outputs: there is no allocation to compare."));
  REQUIRE(work.Run({"calc", widget.string(), "--lang", "zh", "-o", zh.string()}).exit_code == kExitOk);
  CHECK(Contains(ReadText(zh), "没有多产出过程：无分配方法可比较。"));
  // 3 kg widget (price 2) and 1 kg chips (price 6) from 12 kg CO2; economic (the file's): 12 · 1/2 / 3 = 2 per kg,
  // mass: 12 · 3/4 / 3 = 3 per kg, 1 more, +50 %.
  const fs::path two = work.Write("two.yaml", std::string(kHeader) + R"(processes:
  - id: split
    stage: A3
    allocation: economic
    outputs:
      - {product: widget, amount: 3, unit: kg, price: 2}
      - {product: chips, amount: 1, unit: kg, price: 6}
    emissions:
      - {flow: "CO2, fossil", amount: 12, unit: kg}
)");
  const fs::path report = work.work / "two.md";
  REQUIRE(work.Run({"calc", two.string(), "-o", report.string()}).exit_code == kExitOk);
  const auto rows = MarkdownRowsAfter(ReadText(report), "**Allocation alternatives**");
  REQUIRE(rows.size() == 3);
  const double file = 12.0 * 0.5 / 3, mass = 12.0 * 0.75 / 3;
  CHECK(rows[0] == std::vector<std::string>{"the file's choice", "split: economic", pcf::HumanNumber(file), "0", "0 %"});
  CHECK(rows[1] == std::vector<std::string>{"mass allocation", "split: mass", pcf::HumanNumber(mass), pcf::HumanNumber(mass - file),
                                            fmt::format("{:.1f} %", 100 * (mass - file) / file)});
  CHECK(rows[2][2] == pcf::HumanNumber(file));
  CHECK_FALSE(Contains(ReadText(report), "No process has several outputs"));
}
