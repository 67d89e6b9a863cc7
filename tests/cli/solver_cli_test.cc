// --solver is honoured by every command that solves (issue 10): calc for a product file and for a demand,
// scores, batch and verify. Each records the solver it used (the manifest, the --stats line, verify's
// detail), and the totals agree across solvers to 1e-12 relative.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using nlohmann::json;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

fs::path Repo() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }
const std::vector<std::string> kSolvers = {"block-triangular", "sparse-lu", "dense-lu"};

bool Agree(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max({std::fabs(a), std::fabs(b), 1e-300}); }

json Json(const fs::path& file) { return json::parse(ReadText(file)); }

double Total(const json& result) { return result.at("method").at("total").get<double>(); }

}  // namespace

TEST_CASE("solver: calc of a product file and of a demand records the solver asked for, totals agree") {
  TempDir tmp;
  const fs::path product = Repo() / "examples/cement/po425-cement.yaml";
  const fs::path demand = Repo() / "examples/demand-po425-cement-1t.csv";
  double product_total = 0, demand_total = 0;
  for (const std::string& solver : kSolvers) {
    const fs::path out = tmp / (solver + ".json");
    auto run = RunPcf({"calc", product.string(), "--solver", solver, "-o", out.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const json r = Json(out);
    CHECK(r.at("manifest").at("solver") == solver);
    if (solver == kSolvers.front()) product_total = Total(r);
    CHECK(Agree(Total(r), product_total));

    const fs::path d = tmp / (solver + ".demand.json");
    run = RunPcf({"calc", "--demand", demand.string(), "--solver", solver, "-o", d.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const json dr = Json(d);
    CHECK(dr.at("manifest").at("solver") == solver);
    const double t = dr.at("impacts").at(0).at("total").get<double>();
    if (solver == kSolvers.front()) demand_total = t;
    CHECK(Agree(t, demand_total));
  }
}

TEST_CASE("solver: scores and batch use the solver asked for") {
  TempDir tmp;
  std::vector<pcf::CsvRecord> first;
  double batch_total = 0;
  for (const std::string& solver : kSolvers) {
    const fs::path csv = tmp / (solver + ".csv");
    auto run = RunPcf({"scores", "--solver", solver, "--stats", "-o", csv.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.find("solver=" + solver + " ") != std::string::npos);
    const auto rows = pcf::ParseCsv(ReadText(csv), csv.string());
    if (solver == kSolvers.front()) first = rows;
    REQUIRE(rows.size() == first.size());
    for (std::size_t r = 1; r < rows.size(); ++r)
      for (std::size_t c = 0; c < rows[r].fields.size(); ++c) {
        double a = 0, b = 0;
        try {
          a = pcf::ParseFiniteDouble(rows[r].fields[c], {});
          b = pcf::ParseFiniteDouble(first[r].fields[c], {});
        } catch (const std::exception&) {
          CHECK(rows[r].fields[c] == first[r].fields[c]);  // ids and names
          continue;
        }
        CHECK_MESSAGE(Agree(a, b), rows[r].fields[c] << " vs " << first[r].fields[c]);
      }

    const fs::path out = tmp / ("batch-" + solver);
    run = RunPcf({"batch", (Repo() / "examples/cement/po425-cement.yaml").string(), "-o", out.string(), "--solver", solver});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const json r = Json(out / "po425-cement.result.json");
    CHECK(r.at("manifest").at("solver") == solver);
    if (solver == kSolvers.front()) batch_total = Total(r);
    CHECK(Agree(Total(r), batch_total));
  }
}

TEST_CASE("solver: verify recomputes with the solver the result records, or the one given") {
  TempDir tmp;
  const fs::path result = tmp / "po425.json";
  REQUIRE(RunPcf({"calc", (Repo() / "examples/cement/po425-cement.yaml").string(), "--solver", "dense-lu", "-o",
                  result.string()}).exit_code == 0);
  auto run = RunPcf({"verify", result.string()});
  CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);
  CHECK(run.out.find("solver dense-lu") != std::string::npos);
  for (const std::string& solver : kSolvers) {
    run = RunPcf({"verify", result.string(), "--solver", solver, "--rtol", "1e-12"});
    CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);
    CHECK(run.out.find("verified") != std::string::npos);
    CHECK(run.out.find("solver " + solver + ")") != std::string::npos);
  }
}

TEST_CASE("solver: scores of a 200-process loop by --solver iterative (and by itself) satisfy Aᵀ x = c and match block-triangular") {
  // Product j is made by process j from 0.3 of product j+1 and 0.2 of product j+7 (mod 200): one loop of
  // 200, above the dense limit, so `iterative` runs GMRES there. Process j emits 1 + j mod 5 kg of the one
  // flow, whose factor is 2: the score x of each product solves x_j = 2 (1 + j mod 5) + 0.3 x_{j+1} + 0.2 x_{j+7}.
  TempDir tmp;
  const int n = 200;
  const fs::path dir = tmp / "loop";
  fs::create_directories(dir);
  std::string products = "id,name,unit\n", processes = "id,name,unit\n";
  std::string a = fmt::format("%%MatrixMarket matrix coordinate real general\n{} {} {}\n", n, n, 3 * n);
  std::string b = fmt::format("%%MatrixMarket matrix coordinate real general\n1 {} {}\n", n, n);
  for (int j = 0; j < n; ++j) {
    products += fmt::format("p{},product {},kg\n", j, j);
    processes += fmt::format("m{},making product {},kg\n", j, j);
    a += fmt::format("{} {} 1\n{} {} -0.3\n{} {} -0.2\n", j + 1, j + 1, (j + 1) % n + 1, j + 1, (j + 7) % n + 1, j + 1);
    b += fmt::format("1 {} {}\n", j + 1, 1 + j % 5);
  }
  WriteText(dir / "products.csv", products);
  WriteText(dir / "processes.csv", processes);
  WriteText(dir / "flows.csv", "id,name,unit,compartment\nco2,\"Carbon dioxide, fossil\",kg,air\n");
  WriteText(dir / "indicators.csv", "id,name,unit\ngwp,climate change,kg CO2-Eq\n");
  WriteText(dir / "A.mtx", a);
  WriteText(dir / "B.mtx", b);
  WriteText(dir / "C.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n");
  const fs::path db = tmp / "loop.sqlite";
  auto run = RunPcf({"db", "import-matrices", dir.string(), "-o", db.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);

  std::vector<std::vector<double>> scores;
  for (const std::vector<std::string>& solver : std::vector<std::vector<std::string>>{
           {"--solver", "block-triangular"}, {"--solver", "iterative"}, {}}) {
    const fs::path csv = tmp / fmt::format("scores{}.csv", scores.size());
    std::vector<std::string> args = {"scores", "--db", db.string(), "--stats", "-o", csv.string()};
    args.insert(args.end(), solver.begin(), solver.end());
    run = RunPcf(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    // Without --solver, one indicator: the iterative path is chosen by itself.
    const std::string expected = solver.empty() ? "iterative" : solver[1];
    CHECK(run.err.find("solver=" + expected + " ") != std::string::npos);
    if (expected == "iterative") {
      CHECK(run.err.find("fell_back=0") != std::string::npos);
      CHECK(run.err.find("iterations=0") == std::string::npos);
    }
    const auto rows = pcf::ParseCsv(ReadText(csv), csv.string());
    REQUIRE(rows.size() == static_cast<std::size_t>(n + 1));
    std::vector<double> x(n);
    for (int j = 0; j < n; ++j) {
      REQUIRE(rows[j + 1].fields.front() == fmt::format("p{}", j));
      x[j] = pcf::ParseFiniteDouble(rows[j + 1].fields.back(), {});
    }
    for (int j = 0; j < n; ++j) {
      const double right = 2.0 * (1 + j % 5) + 0.3 * x[(j + 1) % n] + 0.2 * x[(j + 7) % n];
      CHECK(std::fabs(x[j] - right) <= 1e-13 * right);
    }
    scores.push_back(x);
  }
  for (int j = 0; j < n; ++j) {
    CHECK(Agree(scores[1][j], scores[0][j]));
    CHECK(Agree(scores[2][j], scores[0][j]));
  }
}
