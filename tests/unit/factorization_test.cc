#include <doctest/doctest.h>

#include <random>

#include <Eigen/LU>

#include "engine/calc/lci.h"
#include "engine/matrix/factorization.h"

using pcf::Factorization;
using pcf::SingularSystemError;
using pcf::SolveMethod;
using pcf::SparseMatrix;
using pcf::Triplet;

namespace {

const SolveMethod kAllMethods[] = {SolveMethod::kBlockTriangular, SolveMethod::kSparseLU, SolveMethod::kDenseLU};

// A random LCA-like system: products permuted against processes, mostly upstream (acyclic) inputs, a
// few loops through "market" processes, some negative (waste-treatment) reference outputs.
SparseMatrix RandomLcaMatrix(int n, unsigned seed, int markets) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> small(0.001, 0.2);
  std::vector<int> product_of_process(n);
  for (int j = 0; j < n; ++j) product_of_process[j] = j;
  std::shuffle(product_of_process.begin(), product_of_process.end(), rng);
  std::vector<Triplet> t;
  for (int j = 0; j < n; ++j) {
    const double output = (j % 17 == 5) ? -1.0 : 1.0 + small(rng);
    t.emplace_back(product_of_process[j], j, output);
    const int inputs = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < inputs; ++k) {
      // Upstream processes (index < j) keep the system acyclic; markets (index < markets) may be used by
      // anyone, including processes that supply the markets: that closes loops.
      int supplier = (k == 0 && j > 0) ? static_cast<int>(rng() % j) : static_cast<int>(rng() % markets);
      if (supplier == j) continue;
      t.emplace_back(product_of_process[supplier], j, -small(rng) / n * 4);
    }
  }
  return pcf::FromTriplets(n, n, t);
}

void CheckAgainstDense(const SparseMatrix& a) {
  const Eigen::MatrixXd dense(a);
  const Eigen::FullPivLU<Eigen::MatrixXd> reference(dense);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd f(a.rows(), 3), c(a.cols(), 3);
  for (Eigen::Index i = 0; i < f.size(); ++i) f.data()[i] = u(rng);
  for (Eigen::Index i = 0; i < c.size(); ++i) c.data()[i] = u(rng);
  const Eigen::MatrixXd s_ref = reference.solve(f);
  const Eigen::MatrixXd x_ref = reference.transpose().solve(c);
  for (SolveMethod method : kAllMethods) {
    CAPTURE(static_cast<int>(method));
    const Factorization lu = Factorization::Compute(a, method);
    CHECK((lu.Solve(f) - s_ref).lpNorm<Eigen::Infinity>() <= 1e-12 * s_ref.lpNorm<Eigen::Infinity>());
    CHECK((lu.SolveTransposed(c) - x_ref).lpNorm<Eigen::Infinity>() <= 1e-12 * x_ref.lpNorm<Eigen::Infinity>());
    // One right-hand side at a time gives the same numbers as the block.
    const Eigen::VectorXd s0 = lu.Solve(Eigen::VectorXd(f.col(0)));
    CHECK((s0 - lu.Solve(f).col(0)).lpNorm<Eigen::Infinity>() <= 1e-15 * s0.lpNorm<Eigen::Infinity>());
    CHECK(pcf::RelativeResidual(a, s0, f.col(0)) < 1e-13);
  }
}

}  // namespace

TEST_CASE("factorization: every method agrees with a dense full-pivot LU, forward and transposed") {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    CheckAgainstDense(RandomLcaMatrix(60, seed, 8));
    CheckAgainstDense(RandomLcaMatrix(400, seed, 40));  // loop blocks above the dense-block limit
  }
}

TEST_CASE("factorization: block-triangular finds the loops and leaves the rest 1×1") {
  // 0 → 1 → 2 acyclic, 3 ⇄ 4 a loop, 5 uses the loop.
  std::vector<Triplet> t = {{0, 0, 1}, {1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 1}, {5, 5, 1},
                            {0, 1, -0.5}, {1, 2, -0.5}, {4, 3, -0.1}, {3, 4, -0.2}, {3, 5, -1}};
  const Factorization lu = Factorization::Compute(pcf::FromTriplets(6, 6, t));
  CHECK(lu.stats().blocks == 5);
  CHECK(lu.stats().largest_block == 2);
  Eigen::VectorXd f = Eigen::VectorXd::Zero(6);
  f[5] = 1;
  const Eigen::VectorXd s = lu.Solve(f);
  // s3 = 1 + 0.2 s4, s4 = 0.1 s3 → s3 = 1/0.98.
  CHECK(s[3] == doctest::Approx(1 / 0.98).epsilon(1e-15));
  CHECK(s[4] == doctest::Approx(0.1 / 0.98).epsilon(1e-15));
  CHECK(s[0] == 0);
}

TEST_CASE("factorization: a long supply chain does not overflow the stack") {
  const int n = 200000;
  std::vector<Triplet> t;
  for (int j = 0; j < n; ++j) {
    t.emplace_back(j, j, 1.0);
    if (j + 1 < n) t.emplace_back(j + 1, j, -1.0);  // process j uses the product of process j+1
  }
  const Factorization lu = Factorization::Compute(pcf::FromTriplets(n, n, t));
  Eigen::VectorXd f = Eigen::VectorXd::Zero(n);
  f[0] = 2;
  const Eigen::VectorXd s = lu.Solve(f);
  CHECK(s[n - 1] == 2);
  CHECK(lu.stats().blocks == static_cast<std::size_t>(n));
}

TEST_CASE("factorization: a non-square system is an error that says why") {
  const SparseMatrix a = pcf::FromTriplets(2, 3, {{0, 0, 1}, {1, 1, 1}, {1, 2, 1}});
  try {
    Factorization::Compute(a);
    FAIL("expected an error");
  } catch (const SingularSystemError& e) {
    CHECK(e.cause() == SingularSystemError::Cause::kNotSquare);
    CHECK(std::string(e.what()).find("not square: 2 products × 3 processes") != std::string::npos);
  }
}

TEST_CASE("factorization: structural and numerical singularity name products and processes") {
  pcf::Model model;
  for (const char* id : {"steel", "coal", "power"}) REQUIRE(model.products.Add({id, id, "kg", ""}));
  for (const char* id : {"steel mill", "coal mine", "power plant"}) REQUIRE(model.processes.Add({id, id, "kg", ""}));
  model.interventions = SparseMatrix(0, 3);
  model.characterization = SparseMatrix(0, 0);

  SUBCASE("a product nobody makes") {
    // The mine and the plant both make coal; nobody makes the power the mill needs.
    model.technosphere = pcf::FromTriplets(3, 3, {{0, 0, 1}, {1, 1, 1}, {1, 2, 1}, {2, 0, -1}});
    for (SolveMethod method : kAllMethods) {
      try {
        pcf::FactorizeTechnosphere(model, method);
        FAIL("expected an error");
      } catch (const pcf::Error& e) {
        CHECK(e.kind() == pcf::ErrorKind::kNumerical);
        const std::string m = e.what();
        CHECK(m.find("structurally singular: 1 of 3 products") != std::string::npos);
        CHECK(m.find("Products without a producer: \"power\"") != std::string::npos);
        CHECK(m.find("Processes involved: ") != std::string::npos);
      }
    }
  }
  SUBCASE("a loop with no net output") {
    // coal mine and power plant each put out exactly what the other consumes.
    model.technosphere = pcf::FromTriplets(3, 3, {{0, 0, 1}, {1, 1, 1}, {2, 1, -1}, {2, 2, 1}, {1, 2, -1}});
    try {
      pcf::FactorizeTechnosphere(model);
      FAIL("expected an error");
    } catch (const pcf::Error& e) {
      const std::string m = e.what();
      CHECK(m.find("numerically singular: a loop of 2 processes") != std::string::npos);
      CHECK(m.find("\"coal mine\", \"power plant\"") != std::string::npos);
    }
    for (SolveMethod method : {SolveMethod::kSparseLU, SolveMethod::kDenseLU})
      CHECK_THROWS_AS(pcf::FactorizeTechnosphere(model, method), pcf::Error);
  }
}

TEST_CASE("lci: zero demand gives zero supply and residual 0, a 1×1 system") {
  pcf::Model model;
  REQUIRE(model.products.Add({"p", "p", "kg", ""}));
  REQUIRE(model.processes.Add({"q", "q", "kg", ""}));
  REQUIRE(model.flows.Add({"co2", "CO2", "kg", "air"}));
  REQUIRE(model.indicators.Add({"gwp", "GWP", "kg CO2e", ""}));
  model.technosphere = pcf::FromTriplets(1, 1, {{0, 0, 4}});
  model.interventions = pcf::FromTriplets(1, 1, {{0, 0, 2}});
  model.characterization = pcf::FromTriplets(1, 1, {{0, 0, 1}});
  const auto lu = pcf::FactorizeTechnosphere(model);
  auto r = pcf::CalculateLci(model, lu, Eigen::VectorXd::Zero(1));
  CHECK(r.supply[0] == 0);
  CHECK(r.residual == 0);
  r = pcf::CalculateLci(model, lu, Eigen::VectorXd::Constant(1, 2.0));
  CHECK(r.supply[0] == 0.5);
  CHECK(r.scores[0] == 1.0);
  CHECK(pcf::ProductScores(model, lu)(0, 0) == 0.5);
}
