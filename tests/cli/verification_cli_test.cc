// The published answers, reproduced through the pcf binary (import-matrices, calc, scores).
#include <doctest/doctest.h>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "verification_support.h"

namespace fs = std::filesystem;
using pcf::test::Close;
using pcf::test::RunPcf;
using pcf::test::TempDir;

namespace {

// {id: amount} from a result array such as "supply": [{"process": id, "amount": x}, …].
std::map<std::string, double> ByKey(const nlohmann::json& array, const char* id_key, const char* value_key) {
  std::map<std::string, double> out;
  for (const auto& item : array) out[item[id_key].get<std::string>()] = item[value_key].get<double>();
  return out;
}

}  // namespace

TEST_CASE("verification through the binary: every small case, every demand") {
  for (const std::string& name : pcf::test::SmallCases()) {
    CAPTURE(name);
    const fs::path dir = pcf::test::VerificationDir("small/" + name);
    TempDir tmp;
    const fs::path db = tmp / "model.sqlite";
    REQUIRE(RunPcf({"db", "import-matrices", dir.string(), "-o", db.string()}).exit_code == 0);
    const nlohmann::json expected = pcf::test::LoadJson(dir / "expected.json");
    for (const auto& [demand_name, want] : expected["results"].items()) {
      CAPTURE(demand_name);
      const fs::path out = tmp / (demand_name + ".json");
      const auto run = RunPcf({"calc", "--db", db.string(), "--demand", (dir / "demands" / (demand_name + ".csv")).string(),
                               "-o", out.string()});
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      const nlohmann::json got = pcf::test::LoadJson(out);
      const auto supply = ByKey(got["supply"], "process", "amount");
      const auto inventory = ByKey(got["inventory"], "flow", "amount");
      const auto scores = ByKey(got["impacts"], "indicator", "total");
      const double s_scale = pcf::test::Scale(want["supply"]), g_scale = pcf::test::Scale(want["inventory"]),
                   h_scale = pcf::test::Scale(want["scores"]);
      for (const auto& [id, v] : want["supply"].items()) CHECK_MESSAGE(Close(supply.at(id), v, s_scale), id);
      for (const auto& [id, v] : want["inventory"].items()) CHECK_MESSAGE(Close(inventory.at(id), v, g_scale), id);
      for (const auto& [id, v] : want["scores"].items()) CHECK_MESSAGE(Close(scores.at(id), v, h_scale), id);
      CHECK(got["manifest"]["residual"].get<double>() < 1e-14);
    }
  }
}

TEST_CASE("verification through the binary: USEEIO v2.1.20-GHG N row (pcf scores) and the 4 totals (pcf calc)") {
  const fs::path dir = pcf::test::VerificationDir("useeio-v2.1.20-ghg");
  const nlohmann::json expected = pcf::test::LoadJson(dir / "expected.json");
  TempDir tmp;
  const fs::path db = tmp / "useeio.sqlite";
  REQUIRE(RunPcf({"db", "import-matrices", dir.string(), "-o", db.string()}).exit_code == 0);

  const fs::path scores_csv = tmp / "scores.csv";
  const auto run = RunPcf({"scores", "--db", db.string(), "-o", scores_csv.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto records = pcf::ParseCsv(pcf::test::ReadText(scores_csv), "scores.csv");
  const std::string indicator = expected["indicator_ids"][0];
  REQUIRE(records.front().fields == std::vector<std::string>{"product_id", indicator});
  REQUIRE(records.size() == 412);
  double worst_n = 0;
  std::size_t compared = 0;
  for (std::size_t k = 1; k < records.size(); ++k) {
    const double want = expected["N"][indicator][records[k].fields[0]];
    const double got = std::stod(records[k].fields[1]);
    worst_n = std::max(worst_n, std::fabs(got - want) / std::fabs(want));
    ++compared;
  }
  CHECK(compared == 411);
  CHECK(worst_n <= 1e-9);
  MESSAGE("USEEIO N: 411 products, largest relative error ", worst_n);

  double worst_total = 0;
  for (const auto& [demand_name, totals] : expected["totals"].items()) {
    const fs::path out = tmp / "total.json";
    const auto calc = RunPcf({"calc", "--db", db.string(), "--demand", (dir / "demands" / (demand_name + ".csv")).string(),
                              "-o", out.string()});
    REQUIRE_MESSAGE(calc.exit_code == 0, calc.err);
    const nlohmann::json got = pcf::test::LoadJson(out);
    const double want = totals[indicator];
    const double total = got["impacts"][0]["total"];
    worst_total = std::max(worst_total, std::fabs(total - want) / std::fabs(want));
  }
  CHECK(worst_total <= 1e-9);
  MESSAGE("USEEIO totals: 4 demands, largest relative error ", worst_total);
}
