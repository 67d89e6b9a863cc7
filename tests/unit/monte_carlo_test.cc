// Monte Carlo in the engine (docs/uncertainty.md): the fast path (structure reused, relinked into the
// previous draw's indices, one solve pair for the method indicator) against draws recomputed from scratch,
// Factorization::Refactorize against Compute, and the contribution to variance against shares known
// analytically. The background is the 3-process test database (tests/data/background-mini), whose
// electricity and coal mine supply each other (a 2×2 block the refactorization redoes in every draw).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/calc/background_uncertainty.h"
#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/calc/monte_carlo.h"
#include "engine/core/random_stream.h"
#include "engine/db/background_build.h"
#include "engine/matrix/factorization.h"
#include "engine/model/product_sample.h"
#include "support/test_files.h"

namespace {

using pcf::test::MiniFixture;
using pcf::test::TempDir;
using pcf::test::WriteText;

const pcf::StoredModel& Mini() {
  static const pcf::StoredModel db = [] {
    pcf::BackgroundModel built = pcf::BuildBackground(MiniFixture() / "factors", MiniFixture() / "data");
    return pcf::StoredModel{std::move(built.model), std::move(built.info), "", "background-mini"};
  }();
  return db;
}

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

// A parameter feeding a formula, lines of every distribution, a background input (the database's loop
// is drawn too) and two stages.
const char* const kWidget = R"(parameters:
  share: {value: 0.6, uncertainty: {distribution: uniform, min: 0.5, max: 0.7}}
processes:
  - id: make widget
    stage: A3
    outputs:
      - {product: widget, amount: 1, unit: kg, uncertainty: {distribution: lognormal, gsd: 1.1}}
    inputs:
      - {background: test electricity, amount: 2, unit: kWh, uncertainty: {distribution: lognormal, gsd: 1.3}}
    emissions:
      - {flow: "CO2, fossil", amount: "10 * share", unit: kg, uncertainty: {distribution: normal, sd: 1}}
      - {flow: "CO2, fossil, process", amount: 3, unit: kg, uncertainty: {distribution: triangular, min: 2, mode: 3, max: 5}}
  - id: pack widget
    stage: A4
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    inputs:
      - {product: widget, amount: 1, unit: kg}
      - {background: test electricity, amount: 0.5, unit: kWh}
)";

// A product read from text, with what Monte Carlo needs next to it.
struct Product {
  TempDir dir;
  pcf::ProductFile file;
  pcf::LinkedSystem system;
  pcf::Footprint footprint;
  explicit Product(const std::string& body) {
    WriteText(dir / "p.yaml", kHeader + body);
    file = pcf::ReadProductFile((dir / "p.yaml").string());
    system = pcf::LinkProduct(file, Mini());
    footprint = pcf::CalculateFootprint(system);
  }
  pcf::MonteCarloResult Run(std::uint64_t draws, std::uint64_t seed, unsigned jobs, bool rebuild = false,
                            pcf::SolveMethod method = pcf::SolveMethod::kBlockTriangular) const {
    pcf::MonteCarloOptions options;
    options.draws = draws;
    options.seed = seed;
    options.jobs = jobs;
    options.rebuild_each_draw = rebuild;
    return pcf::RunMonteCarlo(file, Mini(), system, footprint, method, options);
  }
};

double Relative(double a, double b) { return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300}); }

// Draw k computed by hand, from nothing the fast path keeps: the drawn file linked afresh, every uncertain
// background entry multiplied by exp(σ z) of its own stream, the system solved as a point calculation.
double DrawFromScratch(const Product& p, std::uint64_t seed, std::uint64_t k, std::vector<double>* stages) {
  const pcf::ProductSampler sampler(p.file);
  pcf::LinkedSystem drawn = pcf::LinkProduct(sampler.Draw(seed, k), Mini());
  const pcf::BackgroundUncertainty bg = pcf::DeriveBackgroundUncertainty(Mini());
  auto scale = [&](pcf::SparseMatrix& m, const std::vector<pcf::EntryUncertainty>& entries) {
    for (std::size_t e = 0; e < entries.size(); ++e)  // the database's entries come first in a linked matrix
      if (entries[e].sigma > 0) m.valuePtr()[e] *= std::exp(entries[e].sigma * pcf::StreamNormal(seed, entries[e].stream, k));
  };
  scale(drawn.model.technosphere, bg.technosphere);
  scale(drawn.model.interventions, bg.interventions);
  const pcf::Footprint fp = pcf::CalculateFootprint(drawn);
  const auto method = static_cast<Eigen::Index>(drawn.method_row);
  for (const pcf::StageImpacts& s : fp.stages) stages->push_back(s.impacts[method]);
  return fp.lci.scores[method];
}

}  // namespace

TEST_CASE("monte carlo fast path: draw k recomputed from scratch gives the same total and stages to 1e-12") {
  const Product p(kWidget);
  const pcf::MonteCarloResult fast = p.Run(40, 11, 1);
  REQUIRE(fast.stages == std::vector<std::string>{"A3", "A4"});
  for (std::uint64_t k : {0u, 7u, 39u}) {
    std::vector<double> stages;
    const double total = DrawFromScratch(p, 11, k, &stages);
    CHECK(Relative(fast.totals[k], total) < 1e-12);
    REQUIRE(stages.size() == 2);
    CHECK(Relative(fast.stage_draws[0][k], stages[0]) < 1e-12);
    CHECK(Relative(fast.stage_draws[1][k], stages[1]) < 1e-12);
  }
  // The draws do differ from the point value (the check above is not trivially true).
  CHECK(Relative(fast.totals[7], p.footprint.lci.scores[static_cast<Eigen::Index>(p.system.method_row)]) > 1e-3);
}

TEST_CASE("monte carlo fast path: every draw equals the plain loop that relinks and refactorizes everything") {
  for (const char* body : {kWidget,
                           // no uncertain value in the file: only the database is drawn, nothing relinked
                           "processes:\n  - id: pack widget\n    stage: A3\n    outputs:\n"
                           "      - {product: packed widget, amount: 1, unit: kg}\n    inputs:\n"
                           "      - {background: test electricity, amount: 2, unit: kWh}\n"}) {
    const Product p(body);
    const pcf::MonteCarloResult fast = p.Run(300, 5, 2), plain = p.Run(300, 5, 1, /*rebuild=*/true);
    for (std::size_t k = 0; k < 300; ++k) {
      CHECK(Relative(fast.totals[k], plain.totals[k]) < 1e-12);
      for (std::size_t s = 0; s < fast.stages.size(); ++s) CHECK(Relative(fast.stage_draws[s][k], plain.stage_draws[s][k]) < 1e-12);
    }
  }
}

TEST_CASE("monte carlo: --solver sparse-lu and dense-lu draws (factorized from scratch) agree with the fast path") {
  // Eigen's SparseLU leaves rounding noise where a supply is zero: a componentwise backward error of 1 that
  // must not fail a draw (the draw check is normwise).
  const Product p(kWidget);
  const pcf::MonteCarloResult fast = p.Run(50, 9, 1);
  for (pcf::SolveMethod method : {pcf::SolveMethod::kSparseLU, pcf::SolveMethod::kDenseLU}) {
    const pcf::MonteCarloResult other = p.Run(50, 9, 2, false, method);
    for (std::size_t k = 0; k < 50; ++k) CHECK(Relative(fast.totals[k], other.totals[k]) < 1e-12);
  }
}

TEST_CASE("monte carlo fast path: the same seed gives bit-identical draws and contributions for 1, 2 and 3 threads") {
  const Product p(kWidget);
  const pcf::MonteCarloResult one = p.Run(500, 3, 1), two = p.Run(500, 3, 2), three = p.Run(500, 3, 3);
  CHECK(one.totals == two.totals);
  CHECK(one.totals == three.totals);
  CHECK(one.stage_draws == three.stage_draws);
  REQUIRE(one.contributions.top.size() == two.contributions.top.size());
  CHECK(one.contributions.method == three.contributions.method);
  CHECK(one.contributions.r_squared == three.contributions.r_squared);
  for (std::size_t i = 0; i < one.contributions.top.size(); ++i) {
    CHECK(one.contributions.top[i].input == three.contributions.top[i].input);
    CHECK(one.contributions.top[i].share == three.contributions.top[i].share);
    CHECK(one.contributions.top[i].coefficient == two.contributions.top[i].coefficient);
  }
  const pcf::MonteCarloResult other = p.Run(500, 4, 2);
  CHECK(other.totals != one.totals);
}

TEST_CASE("Refactorize: new values on the same pattern solve as Compute does, and what it refuses") {
  // A 2×2 loop (rows 0, 1), a 1×1 block (row 2) that uses both, and a 3×3 loop (rows 3–5).
  auto matrix = [](double a, double b, double zero_entry) {
    std::vector<pcf::Triplet> t = {{0, 0, 1}, {1, 0, -a}, {0, 1, -b}, {1, 1, 1}, {0, 2, -0.3}, {1, 2, -0.2}, {2, 2, 2},
                                   {3, 3, 1}, {4, 3, -0.1}, {4, 4, 1}, {5, 4, -0.2}, {5, 5, 1}, {3, 5, -a * b}, {2, 3, zero_entry}};
    return pcf::FromTriplets(6, 6, t);
  };
  pcf::Factorization f = pcf::Factorization::Compute(matrix(0.4, 0.5, 0));
  CHECK(f.stats().condition_estimate > 0);
  const pcf::SparseMatrix next = matrix(0.7, 0.9, 0);
  REQUIRE(f.Refactorize(next));
  CHECK(f.stats().condition_estimate == 0);  // not estimated
  const pcf::Factorization fresh = pcf::Factorization::Compute(next);
  Eigen::VectorXd demand(6);
  demand << 1, 2, 3, 4, 5, 6;
  CHECK(f.Solve(demand) == fresh.Solve(demand));  // the same order and pivots: the same bits
  CHECK(f.SolveTransposed(demand) == fresh.SolveTransposed(demand));
  CHECK(pcf::RelativeResidual(next, f.Solve(demand), demand) < 1e-14);

  // Another pattern, or an entry that was an explicit zero and no longer is: false, nothing changed.
  CHECK_FALSE(f.Refactorize(pcf::FromTriplets(6, 6, {{0, 0, 1}, {1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 1}, {5, 5, 1}})));
  CHECK_FALSE(f.Refactorize(matrix(0.7, 0.9, -0.5)));
  CHECK(f.Solve(demand) == fresh.Solve(demand));

  // A loop with no net output (a b = 1) and a zero pivot of a 1×1 block are singular draws.
  CHECK_THROWS_AS(f.Refactorize(matrix(2, 0.5, 0)), pcf::SingularSystemError);
  REQUIRE(f.Refactorize(next));
  pcf::SparseMatrix zero_pivot = next;
  zero_pivot.coeffRef(2, 2) = 0;
  try {
    f.Refactorize(zero_pivot);
    FAIL("a zero pivot was accepted");
  } catch (const pcf::SingularSystemError& e) {
    CHECK(e.cause() == pcf::SingularSystemError::Cause::kNumerical);
    CHECK(e.columns() == std::vector<int>{2});
  }
}

TEST_CASE("contribution to variance: total = a + b with var(a) = 3 var(b) gives SRC² shares 0.75 and 0.25") {
  // The total is 1 × (a + b) kg CO2 (GWP of CO2 is 1); a ~ N(10, √3²), b ~ N(5, 1²): var(a) = 3 var(b), so
  // a's share of var(a + b) is 3/4 and b's 1/4; SRC_a = √3/2, SRC_b = 1/2. Nothing else reaches the total.
  const Product p(
      "parameters:\n  a: {value: 10, uncertainty: {distribution: normal, sd: 1.7320508075688772}}\n"
      "  b: {value: 5, uncertainty: {distribution: normal, sd: 1}}\n"
      "processes:\n  - id: make\n    stage: A3\n    outputs:\n      - {product: packed widget, amount: 1, unit: kg}\n"
      "    emissions:\n      - {flow: \"CO2, fossil\", amount: \"a + b\", unit: kg}\n");
  const std::size_t n = 10000;
  const pcf::MonteCarloResult r = p.Run(n, 8, 2);
  const pcf::VarianceContributions& c = r.contributions;
  CHECK(c.method == "src");
  CHECK(c.r_squared == doctest::Approx(1).epsilon(1e-9));  // exactly linear
  CHECK(c.inputs == 2 + r.uncertain_background);
  REQUIRE(c.top.size() >= 2);
  CHECK(c.top[0].input == "parameter|a");
  CHECK(c.top[0].kind == "parameter");
  CHECK(c.top[1].input == "parameter|b");
  // Monte Carlo error of a share this size at n = 10,000: about 0.005.
  CHECK(c.top[0].share == doctest::Approx(0.75).epsilon(0.02));
  CHECK(c.top[1].share == doctest::Approx(0.25).epsilon(0.04));
  CHECK(c.top[0].coefficient == doctest::Approx(std::sqrt(3.0) / 2).epsilon(0.01));
  // SRC² add up to R² only when the inputs' sample correlation is zero; drawn independently, it is ~1/√n.
  CHECK(c.top[0].share + c.top[1].share == doctest::Approx(1).epsilon(0.02));
  for (std::size_t i = 2; i < c.top.size(); ++i) CHECK(c.top[i].share < 1e-3);  // database entries: not in the total
  // Reproducible: the same seed gives the same analysis with one thread.
  const pcf::MonteCarloResult again = p.Run(n, 8, 1);
  CHECK(again.contributions.top[0].share == c.top[0].share);
  CHECK(again.contributions.r_squared == c.r_squared);
}

TEST_CASE("contribution to variance: a total far from linear in its input falls back to Spearman's ρ") {
  // total = exp(12 x), x uniform on [0, 1]: a straight line explains well under 70 % of its variance, but
  // the total rises with x, so the rank correlation is 1 and x takes the whole share.
  const Product p(
      "parameters:\n  x: {value: 0.5, uncertainty: {distribution: uniform, min: 0, max: 1}}\n"
      "processes:\n  - id: make\n    stage: A3\n    outputs:\n      - {product: packed widget, amount: 1, unit: kg}\n"
      "    emissions:\n      - {flow: \"CO2, fossil\", amount: \"exp(12 * x)\", unit: kg}\n");
  const pcf::MonteCarloResult r = p.Run(5000, 2, 2);
  const pcf::VarianceContributions& c = r.contributions;
  CHECK(c.method == "spearman");
  CHECK(c.r_squared < 0.7);
  REQUIRE_FALSE(c.top.empty());
  CHECK(c.top[0].input == "parameter|x");
  CHECK(c.top[0].coefficient == doctest::Approx(1).epsilon(1e-12));
  CHECK(c.top[0].share > 0.99);
}

namespace {

pcf::MonteCarloResult RunSolvedBy(const Product& p, pcf::MonteCarloOptions::DrawSolve solve, std::uint64_t draws,
                                  std::uint64_t seed, unsigned jobs) {
  pcf::MonteCarloOptions options;
  options.draws = draws;
  options.seed = seed;
  options.jobs = jobs;
  options.draw_solve = solve;
  return pcf::RunMonteCarlo(p.file, Mini(), p.system, p.footprint, pcf::SolveMethod::kBlockTriangular, options);
}

}  // namespace

TEST_CASE("monte carlo iterative draws: the loop solved by GMRES on the point LU gives draw k of a point calculation to 1e-12") {
  using DrawSolve = pcf::MonteCarloOptions::DrawSolve;
  const Product p(kWidget);
  // kIterative iterates in every loop, here the database's 2×2 electricity–coal mine loop.
  const pcf::MonteCarloResult iterative = RunSolvedBy(p, DrawSolve::kIterative, 60, 11, 1);
  CHECK(iterative.iterative_draws == 60);
  CHECK(iterative.fallback_draws == 0);
  CHECK(iterative.krylov_iterations > 0);
  for (std::uint64_t k : {0u, 7u, 59u}) {
    std::vector<double> stages;
    const double total = DrawFromScratch(p, 11, k, &stages);
    CHECK(Relative(iterative.totals[k], total) < 1e-12);
    REQUIRE(stages.size() == 2);
    CHECK(Relative(iterative.stage_draws[0][k], stages[0]) < 1e-12);
    CHECK(Relative(iterative.stage_draws[1][k], stages[1]) < 1e-12);
  }
  // Bit-identical for any number of threads; the same draws as the direct path to rounding.
  const pcf::MonteCarloResult threads = RunSolvedBy(p, DrawSolve::kIterative, 60, 11, 3);
  CHECK(threads.totals == iterative.totals);
  CHECK(threads.stage_draws == iterative.stage_draws);
  const pcf::MonteCarloResult direct = RunSolvedBy(p, DrawSolve::kDirect, 60, 11, 2);
  CHECK(direct.iterative_draws == 0);
  for (std::size_t k = 0; k < 60; ++k) CHECK(Relative(direct.totals[k], iterative.totals[k]) < 1e-12);
  // A loop of 2 is far below kIterativeDrawBlock: the automatic choice refactorizes, bit for bit the direct path.
  const pcf::MonteCarloResult automatic = RunSolvedBy(p, DrawSolve::kAutomatic, 60, 11, 1);
  CHECK(automatic.iterative_draws == 0);
  CHECK(automatic.totals == direct.totals);
}

TEST_CASE("product draws: formulas compiled once per thread give every draw bit for bit as parsing them each time") {
  // Parameters that use each other (defined out of order), uncertain and certain ones, formula amounts.
  const Product p(R"yaml(parameters:
  total_share: "share + extra"
  extra: {value: 0.05, uncertainty: {distribution: triangular, min: 0.01, mode: 0.05, max: 0.1}}
  share: {value: 0.6, uncertainty: {distribution: uniform, min: 0.5, max: 0.7}}
  power: "2 * total_share + min(share, 0.65)"
  fixed: 3
processes:
  - id: make widget
    stage: A3
    outputs:
      - {product: widget, amount: 1, unit: kg}
    inputs:
      - {background: test electricity, amount: "power", unit: kWh, uncertainty: {distribution: lognormal, gsd: 1.1}}
    emissions:
      - {flow: "CO2, fossil", amount: "10 * total_share", unit: kg}
      - {flow: "CO2, fossil, process", amount: "fixed", unit: kg}
  - id: pack widget
    stage: A4
    outputs:
      - {product: packed widget, amount: 1, unit: kg}
    inputs:
      - {product: widget, amount: 1, unit: kg}
)yaml");
  const pcf::ProductSampler sampler(p.file);
  const pcf::ProductSampler::WorkspacePtr workspace = sampler.NewWorkspace();
  bool moved = false;
  for (std::uint64_t k = 0; k < 50; ++k) {
    const pcf::ProductFile compiled = sampler.Draw(5, k, *workspace);
    const pcf::ProductFile parsed = sampler.Draw(5, k);
    CHECK(compiled.parameters == parsed.parameters);  // exact: the same byte code on the same values
    const auto& a = compiled.processes[0];
    const auto& b = parsed.processes[0];
    CHECK(a.inputs[0].quantity.amount == b.inputs[0].quantity.amount);
    CHECK(a.emissions[0].quantity.amount == b.emissions[0].quantity.amount);
    CHECK(a.emissions[1].quantity.amount == b.emissions[1].quantity.amount);
    // total_share follows its drawn parts, and the formula amounts follow it.
    CHECK(compiled.parameters.at("total_share") == compiled.parameters.at("share") + compiled.parameters.at("extra"));
    CHECK(a.emissions[0].quantity.amount == 10 * compiled.parameters.at("total_share"));
    moved = moved || compiled.parameters.at("share") != 0.6;
  }
  CHECK(moved);
}
