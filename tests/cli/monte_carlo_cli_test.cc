// `pcf calc PRODUCT.yaml --mc N --seed S --jobs J --mc-draws FILE` through the binary (docs/uncertainty.md):
// reproducible draws (threads, file order), the analytic mean and sd of a sum of normals and of a product
// of lognormal parameters within Monte Carlo error, pedigree scores, refusals of invalid uncertainty, and
// `pcf verify` of a Monte Carlo result. The background is the 3-process test database (tests/data).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "cli/mini_db.h"

namespace fs = std::filesystem;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::Lines;
using pcf::test::MiniDb;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

using pcf::test::kExitBadInput;
using pcf::test::kExitOk;
using pcf::test::kExitUsage;


const char* const kHeader = R"(pcf: 1
product:
  id: packed widget
  name: Widget
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
)";

// Two processes; the widget's lines include two that name the same flow in the same role (told apart by
// what they write), a background input (the database's entries are uncertain too) and a parameter.
std::string Reorderable(bool reversed) {
  const std::string params = "parameters:\n  share: {value: 0.6, uncertainty: {distribution: uniform, min: 0.5, max: 0.7}}\n";
  const std::string make =
      "  - id: make widget\n    stage: A3\n    outputs:\n      - {product: widget, amount: 1, unit: kg}\n";
  std::vector<std::string> inputs = {
      "      - {background: test electricity, amount: 2, unit: kWh, uncertainty: {distribution: lognormal, gsd: 1.3}}\n"};
  std::vector<std::string> emissions = {
      "      - {flow: \"CO2, fossil\", amount: \"10 * share\", unit: kg, uncertainty: {distribution: normal, sd: 1}}\n",
      "      - {flow: \"CO2, fossil\", amount: 3, unit: kg, uncertainty: {distribution: triangular, min: 2, mode: 3, max: 5}}\n",
      "      - {flow: \"CO2, fossil, process\", amount: 5, unit: kg, uncertainty: {pedigree: [2, 3, 1, 2, 4], basic: 1.05}}\n"};
  const std::string pack =
      "  - id: pack widget\n    stage: A4\n    outputs:\n      - {product: packed widget, amount: 1, unit: kg}\n"
      "    inputs:\n      - {product: widget, amount: 1, unit: kg}\n";
  if (reversed) std::reverse(emissions.begin(), emissions.end());
  std::string make_all = make + "    inputs:\n";
  for (const std::string& line : inputs) make_all += line;
  make_all += "    emissions:\n";
  for (const std::string& line : emissions) make_all += line;
  return kHeader + params + "processes:\n" + (reversed ? pack + make_all : make_all + pack);
}

// The totals column of a --mc-draws file.
std::vector<double> DrawTotals(const fs::path& csv) {
  std::vector<double> totals;
  const std::vector<std::string> lines = Lines(ReadText(csv));
  for (std::size_t k = 1; k < lines.size(); ++k) {
    std::istringstream row(lines[k]);
    std::string draw, total;
    std::getline(row, draw, ',');
    std::getline(row, total, ',');
    totals.push_back(std::stod(total));
  }
  return totals;
}

}  // namespace

TEST_CASE("monte carlo: the same seed gives bit-identical results for --jobs 1 and 2 and for a reordered file") {
  const MiniDb mini;
  const fs::path forward = mini.Write("forward.yaml", Reorderable(false));
  const fs::path reversed = mini.Write("reversed.yaml", Reorderable(true));
  const fs::path out1 = mini.work / "j1.json", out2 = mini.work / "j2.json", out3 = mini.work / "rev.json";
  const fs::path draws1 = mini.work / "j1.csv", draws2 = mini.work / "j2.csv";
  REQUIRE(mini.Calc(forward, {"--mc", "500", "--seed", "42", "--jobs", "1", "-o", out1.string(), "--mc-draws", draws1.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(forward, {"--mc", "500", "--seed", "42", "--jobs", "2", "-o", out2.string(), "--mc-draws", draws2.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(reversed, {"--mc", "500", "--seed", "42", "--jobs", "2", "-o", out3.string()}).exit_code == kExitOk);
  CHECK(ReadText(out1) == ReadText(out2));
  CHECK(ReadText(draws1) == ReadText(draws2));
  const json a = json::parse(ReadText(out1)), c = json::parse(ReadText(out3));
  CHECK(a["uncertainty"].dump() == c["uncertainty"].dump());  // the file's own hash differs, the draws do not
  CHECK(a["uncertainty"]["uncertain_values"]["product_file"] == 5);  // the parameter and four lines
  CHECK(a["uncertainty"]["uncertain_values"]["database"].get<int>() > 0);
  CHECK(a["manifest"]["monte_carlo"] == json{{"draws", 500}, {"seed", 42}});
  // One row per draw: draw, total, then the stages A3 and A4; the totals are those the summary is made of.
  const std::vector<std::string> rows = Lines(ReadText(draws1));
  REQUIRE(rows.size() == 501);
  CHECK(rows[0] == "draw,total,A3,A4");
  CHECK(rows[1].rfind("1,", 0) == 0);
  std::vector<double> totals = DrawTotals(draws1);
  double sum = 0;
  for (double t : totals) sum += t;
  CHECK(a["uncertainty"]["total"]["mean"].get<double>() == doctest::Approx(sum / 500).epsilon(1e-12));
}

TEST_CASE("monte carlo: another seed gives other draws, and the point result is unchanged by --mc") {
  const MiniDb mini;
  const fs::path product = mini.Write("p.yaml", Reorderable(false));
  const fs::path s1 = mini.work / "s1.json", s2 = mini.work / "s2.json", plain = mini.work / "plain.json";
  REQUIRE(mini.Calc(product, {"--mc", "200", "--seed", "1", "-o", s1.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(product, {"--mc", "200", "--seed", "2", "-o", s2.string()}).exit_code == kExitOk);
  REQUIRE(mini.Calc(product, {"-o", plain.string()}).exit_code == kExitOk);
  const json a = json::parse(ReadText(s1)), b = json::parse(ReadText(s2)), p = json::parse(ReadText(plain));
  CHECK(a["uncertainty"]["total"]["mean"] != b["uncertainty"]["total"]["mean"]);
  CHECK(a["method"]["total"] == p["method"]["total"]);
  CHECK_FALSE(p.contains("uncertainty"));
  CHECK_FALSE(p["manifest"].contains("monte_carlo"));
}

TEST_CASE("monte carlo: a sum of independent normals matches its analytic mean and sd at N = 100000") {
  // total = e1 + e2 + e3 (kg CO2, GWP 1): mean 10 + 5 + 2 = 17, sd = sqrt(2² + 1.5² + 0.5²).
  const MiniDb mini;
  const fs::path product = mini.Write("normals.yaml", std::string(kHeader) + R"(processes:
  - id: make
    stage: A3
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: 10, unit: kg, uncertainty: {distribution: normal, sd: 2}}
      - {flow: "CO2, fossil, process", amount: 5, unit: kg, uncertainty: {distribution: normal, sd: 1.5}}
      - {flow: "CO2, fossil", amount: 2, unit: kg, uncertainty: {distribution: normal, sd: 0.5}}
)");
  const fs::path out = mini.work / "n.json";
  const RunResult run = mini.Calc(product, {"--mc", "100000", "--seed", "11", "--jobs", "2", "-o", out.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == kExitOk);
  const json total = json::parse(ReadText(out))["uncertainty"]["total"];
  const double n = 100000, mean = 17, sd = std::sqrt(4 + 2.25 + 0.25);
  const double se_mean = sd / std::sqrt(n), se_sd = sd / std::sqrt(2 * (n - 1));
  CHECK(std::fabs(total["mean"].get<double>() - mean) < 5 * se_mean);
  CHECK(std::fabs(total["sd"].get<double>() - sd) < 5 * se_sd);
  // Normal percentiles: mean ± 1.959964 sd; the standard error of a 2.5 % quantile is
  // sqrt(p (1 − p) / n) / density(at it) = sd · sqrt(0.025 · 0.975 / n) / φ(1.959964).
  const double phi = std::exp(-1.959964 * 1.959964 / 2) / std::sqrt(2 * M_PI);
  const double se_q = sd * std::sqrt(0.025 * 0.975 / n) / phi;
  CHECK(std::fabs(total["p2_5"].get<double>() - (mean - 1.959964 * sd)) < 5 * se_q);
  CHECK(std::fabs(total["p97_5"].get<double>() - (mean + 1.959964 * sd)) < 5 * se_q);
  CHECK(Contains(run.out, "95 % interval (Monte Carlo, 100000 draws, seed 11)"));

  // What drives it: the total is linear, so SRC² with R² = 1, and each line's share is its variance over
  // the total's: 4 / 6.5, 2.25 / 6.5, 0.25 / 6.5 (database entries do not reach this total).
  const json u = json::parse(ReadText(out))["uncertainty"];
  CHECK(u["contribution_method"] == "src");
  CHECK(u["r_squared"].get<double>() == doctest::Approx(1).epsilon(1e-9));
  const json& c = u["contributions"];
  REQUIRE(c.is_array());
  REQUIRE(c.size() >= 3);
  CHECK(c.size() <= 10);
  CHECK(c[0]["input"].get<std::string>().rfind("line|make|emission|CO2, fossil|", 0) == 0);
  CHECK(c[1]["input"] == "line|make|emission|CO2, fossil, process");
  CHECK(c[2]["input"].get<std::string>().rfind("line|make|emission|CO2, fossil|", 0) == 0);
  CHECK(c[0]["kind"] == "amount");
  CHECK(c[0]["share"].get<double>() == doctest::Approx(4 / 6.5).epsilon(0.01));
  CHECK(c[1]["share"].get<double>() == doctest::Approx(2.25 / 6.5).epsilon(0.02));
  CHECK(c[2]["share"].get<double>() == doctest::Approx(0.25 / 6.5).epsilon(0.1));
  CHECK(c[0]["src"].get<double>() == doctest::Approx(std::sqrt(4 / 6.5)).epsilon(0.01));
  for (std::size_t i = 3; i < c.size(); ++i) CHECK(c[i]["share"].get<double>() < 1e-3);
  CHECK(Contains(run.out, "what drives it (share of the variance, squared standardized regression coefficients, R² 1)"));
}

TEST_CASE("monte carlo: a product of two lognormal parameters has the analytic median and geometric sd") {
  // amount = a * b with a lognormal (median 4, gsd 1.2) and b lognormal (median 2.5, sigma 0.3): ln(total) is
  // normal with mean ln(10) and sd sqrt(ln(1.2)² + 0.3²). The amount's formula makes the draws correlated
  // with the parameters: the line has no uncertainty of its own.
  const MiniDb mini;
  const fs::path product = mini.Write("lognormals.yaml", std::string(kHeader) + R"(parameters:
  a: {value: 4, uncertainty: {distribution: lognormal, gsd: 1.2}}
  b: {value: 2.5, uncertainty: {distribution: lognormal, sigma: 0.3}}
processes:
  - id: make
    stage: A3
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: "a * b", unit: kg}
)");
  const fs::path out = mini.work / "l.json", csv = mini.work / "l.csv";
  REQUIRE(mini.Calc(product, {"--mc", "100000", "--seed", "3", "--jobs", "2", "-o", out.string(), "--mc-draws", csv.string()})
              .exit_code == kExitOk);
  const std::vector<double> totals = DrawTotals(csv);
  REQUIRE(totals.size() == 100000);
  double sum = 0, squares = 0;
  for (double t : totals) sum += std::log(t);
  const double n = 100000, mean_ln = sum / n;
  for (double t : totals) squares += (std::log(t) - mean_ln) * (std::log(t) - mean_ln);
  const double sd_ln = std::sqrt(squares / (n - 1));
  const double sigma = std::sqrt(std::log(1.2) * std::log(1.2) + 0.3 * 0.3);
  CHECK(std::fabs(mean_ln - std::log(10.0)) < 5 * sigma / std::sqrt(n));
  CHECK(std::fabs(sd_ln - sigma) < 5 * sigma / std::sqrt(2 * (n - 1)));
  // The median of the total: exp(mean of ln) = 10; the standard error of a sample median of a normal is
  // sqrt(π / 2) σ / sqrt(n) in ln space.
  const double median = json::parse(ReadText(out))["uncertainty"]["total"]["median"].get<double>();
  CHECK(std::fabs(std::log(median) - std::log(10.0)) < 5 * std::sqrt(M_PI / 2) * sigma / std::sqrt(n));
}

TEST_CASE("monte carlo: pedigree scores give the lognormal of the ecoinvent formula") {
  // Scores (2, 3, 1, 2, 4), basic 1.05: σ² = ln(1.05)² + 0.0006 (reliability 2) + 0.0006 (completeness 3)
  // + 0 (temporal 1) + 0.000025 (geographical 2) + 0.04 (technological 4), Weidema et al. 2013, Table 10.5.
  const MiniDb mini;
  const fs::path product = mini.Write("pedigree.yaml", std::string(kHeader) + R"(processes:
  - id: make
    stage: A3
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: 8, unit: kg, uncertainty: {pedigree: [2, 3, 1, 2, 4], basic: 1.05}}
)");
  const fs::path out = mini.work / "p.json", csv = mini.work / "p.csv";
  REQUIRE(mini.Calc(product, {"--mc", "20000", "--seed", "9", "-o", out.string(), "--mc-draws", csv.string()}).exit_code == kExitOk);
  const double sigma = std::sqrt(std::log(1.05) * std::log(1.05) + 0.0006 + 0.0006 + 0 + 0.000025 + 0.04);
  const std::vector<double> totals = DrawTotals(csv);
  double sum = 0, squares = 0;
  for (double t : totals) sum += std::log(t);
  const double n = static_cast<double>(totals.size()), mean_ln = sum / n;
  for (double t : totals) squares += (std::log(t) - mean_ln) * (std::log(t) - mean_ln);
  CHECK(std::fabs(mean_ln - std::log(8.0)) < 5 * sigma / std::sqrt(n));
  CHECK(std::fabs(std::sqrt(squares / (n - 1)) - sigma) < 5 * sigma / std::sqrt(2 * (n - 1)));
}

TEST_CASE("monte carlo: invalid uncertainty is refused naming file, line, column and field, exit 3, nothing written") {
  const MiniDb mini;
  struct Case {
    std::string uncertainty, place, message;
  };
  const std::vector<Case> cases = {
      {"{distribution: lognormal, gsd: 1}", ":8:", "gsd 1 must be above 1"},
      {"{distribution: lognormal, gsd: 0.8}", ":8:", "gsd 0.8 must be above 1"},
      {"{distribution: lognormal, sigma: 0}", ":8:", "sigma 0 must be above 0"},
      {"{distribution: lognormal, gsd: 1.2, sigma: 0.2}", ":8:", "exactly one of gsd"},
      {"{distribution: normal, sd: 0}", ":8:", "sd 0 must be above 0"},
      {"{distribution: normal, sd: -1}", ":8:", "sd -1 must be above 0"},
      {"{distribution: normal}", ":8:", "a normal needs \"sd\""},
      {"{distribution: uniform, min: 12, max: 8}", ":8:", "min 12 must be below max 8"},
      {"{distribution: triangular, min: 8, mode: 13, max: 12}", ":8:", "mode 13 lies outside [min 8, max 12]"},
      {"{distribution: triangular, min: 11, mode: 11, max: 12}", ":8:", "the value 10 lies outside [min 11, max 12]"},
      {"{distribution: uniform, min: 8, mode: 9, max: 12}", ":8:", "\"mode\" does not belong to a uniform"},
      {"{distribution: gauss, sd: 1}", ":8:", "distribution \"gauss\" must be lognormal, normal, triangular or uniform"},
      {"{pedigree: [1, 2, 6, 1, 1], basic: 1.05}", ":8:", "pedigree score \"6\" must be a whole number from 1 to 5"},
      {"{pedigree: [1, 2, 0, 1, 1], basic: 1.05}", ":8:", "pedigree score \"0\""},
      {"{pedigree: [1, 2, 3, 1], basic: 1.05}", ":8:", "expected five scores"},
      {"{pedigree: [1, 1, 1, 1, 1], basic: 1}", ":8:", "pedigree (1, 1, 1, 1, 1) with basic 1 gives σ = 0"},
      {"{pedigree: [1, 1, 1, 1, 1]}", ":8:", "pedigree scores need \"basic\""},
      {"{distribution: normal, pedigree: [1, 1, 1, 1, 2], basic: 1.05}", ":8:", "pedigree scores give a lognormal"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.uncertainty);
    const fs::path product = mini.Write("bad.yaml", R"(pcf: 1
product: {id: w, name: W, company: C, geography: CN-HB, declared_unit: {amount: 1, unit: kg}, reference_period: "2024", system_boundary: cradle-to-gate}
processes:
  - id: make
    stage: A3
    outputs: [{product: w, amount: 1, unit: kg}]
    emissions:
      - {flow: "CO2, fossil", amount: 10, unit: kg, uncertainty: )" + c.uncertainty + "}\n");
    const fs::path out = mini.work / "bad.json";
    const RunResult run = mini.Calc(product, {"--mc", "10", "-o", out.string()});
    CHECK(run.exit_code == kExitBadInput);
    CHECK(Contains(run.err, "bad.yaml" + c.place));
    CHECK(Contains(run.err, "processes[0].emissions[0].uncertainty"));
    CHECK(Contains(run.err, c.message));
    CHECK_FALSE(fs::exists(out));
  }
  // A parameter's uncertainty, and one on a value of 0 that a lognormal cannot spread.
  const fs::path zero = mini.Write("zero.yaml", R"(pcf: 1
product: {id: w, name: W, company: C, geography: CN-HB, declared_unit: {amount: 1, unit: kg}, reference_period: "2024", system_boundary: cradle-to-gate}
parameters:
  loss: {value: 0, uncertainty: {distribution: lognormal, gsd: 1.5}}
processes:
  - id: make
    stage: A3
    outputs: [{product: w, amount: 1, unit: kg}]
    emissions: [{flow: "CO2, fossil", amount: "1 + loss", unit: kg}]
)");
  const RunResult run = mini.Calc(zero, {"--mc", "10", "-o", (mini.work / "zero.json").string()});
  CHECK(run.exit_code == kExitBadInput);
  CHECK(Contains(run.err, "zero.yaml:4:"));
  CHECK(Contains(run.err, "parameters.loss.uncertainty"));
  CHECK(Contains(run.err, "a value of 0 cannot carry it"));
  CHECK_FALSE(fs::exists(mini.work / "zero.json"));
}

TEST_CASE("monte carlo: --seed, --jobs and --mc-draws need --mc, --mc-draws must be .csv, csv has no distribution yet (exit 2)") {
  const MiniDb mini;
  const fs::path product = mini.Write("p.yaml", Reorderable(false));
  const fs::path out = mini.work / "o.json";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--seed", "3"}, {"--jobs", "2"}, {"--mc-draws", (mini.work / "d.csv").string()}, {"--mc", "0"},
           {"--mc", "10", "--mc-draws", (mini.work / "d.txt").string()}, {"--mc", "10", "--format", "csv"}}) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"-o", out.string()});
    const RunResult run = mini.Calc(product, all);
    CAPTURE(args[0]);
    CHECK(run.exit_code == kExitUsage);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(mini.work / "d.csv"));
    CHECK_FALSE(fs::exists(mini.work / "d.txt"));
  }
}

TEST_CASE("monte carlo: pcf verify reproduces a Monte Carlo result from its seed and finds a changed seed") {
  const MiniDb mini;
  const fs::path product = mini.Write("p.yaml", Reorderable(false));
  const fs::path out = mini.work / "mc.json";
  REQUIRE(mini.Calc(product, {"--mc", "300", "--seed", "8", "-o", out.string()}).exit_code == kExitOk);
  const RunResult same = RunPcf({"verify", out.string(), "--db", mini.db.string()});
  CHECK(same.exit_code == kExitOk);
  CHECK(Contains(same.out, "verified"));
  json changed = json::parse(ReadText(out));
  changed["manifest"]["monte_carlo"]["seed"] = 9;
  WriteText(mini.work / "changed.json", changed.dump(2));
  const RunResult other = RunPcf({"verify", (mini.work / "changed.json").string(), "--db", mini.db.string()});
  CHECK(other.exit_code != kExitOk);
  CHECK(Contains(other.out, "mismatch"));
  CHECK(Contains(other.out, "uncertainty.seed"));
  changed["manifest"]["monte_carlo"] = "many";
  WriteText(mini.work / "broken.json", changed.dump(2));
  const RunResult broken = RunPcf({"verify", (mini.work / "broken.json").string(), "--db", mini.db.string()});
  CHECK(broken.exit_code != kExitOk);
  CHECK(Contains(broken.out, "cannot_recompute"));
  CHECK(Contains(broken.out, "manifest.monte_carlo must hold draws"));
}

TEST_CASE("monte carlo: a draw without a valid system stops the run naming the first such draw, for any --jobs") {
  // sqrt(x) with x normal (1, sd 5): a draw below 0 has no value. The first failing draw is the same for one
  // thread or two, and nothing is written.
  const MiniDb mini;
  const fs::path product = mini.Write("fails.yaml", std::string(kHeader) + R"yaml(parameters:
  x: {value: 1, uncertainty: {distribution: normal, sd: 5}}
processes:
  - id: make
    stage: A3
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: "sqrt(x)", unit: kg}
)yaml");
  const fs::path out = mini.work / "f.json", csv = mini.work / "f.csv";
  const RunResult one = mini.Calc(product, {"--mc", "200", "--seed", "4", "--jobs", "1", "-o", out.string(), "--mc-draws", csv.string()});
  const RunResult two = mini.Calc(product, {"--mc", "200", "--seed", "4", "--jobs", "2", "-o", out.string(), "--mc-draws", csv.string()});
  CHECK(one.exit_code == kExitBadInput);
  CHECK(Contains(one.err, "Monte Carlo draw "));
  CHECK(Contains(one.err, " of 200 (seed 4)"));
  CHECK(Contains(one.err, "fails.yaml:18:39: processes[0].emissions[0].amount"));
  CHECK(one.err == two.err);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(csv));
}
