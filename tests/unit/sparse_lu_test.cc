#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include <Eigen/LU>

#include "engine/calc/lci.h"
#include "engine/matrix/factorization.h"
#include "engine/matrix/sparse_lu.h"

using pcf::BlockSparseLu;
using pcf::Factorization;
using pcf::SparseMatrix;
using pcf::Triplet;

namespace {

// A strongly connected n × n matrix (a ring plus random extra entries) whose diagonal is non-zero but,
// in every third column, a million times smaller than that column's other entries: elimination in
// diagonal order would divide by those tiny pivots.
SparseMatrix TinyDiagonalRing(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(0.5, 2.0);
  std::vector<Triplet> t;
  for (int j = 0; j < n; ++j) {
    t.emplace_back(j, j, j % 3 == 0 ? 1e-6 * value(rng) : 4 + value(rng));
    t.emplace_back((j + 1) % n, j, -value(rng));
    for (int k = 0; k < 3; ++k) {
      const int i = static_cast<int>(rng() % static_cast<unsigned>(n));
      if (i != j && i != (j + 1) % n) t.emplace_back(i, j, (rng() % 2 ? 1 : -1) * value(rng));
    }
  }
  return pcf::FromTriplets(static_cast<std::size_t>(n), static_cast<std::size_t>(n), t);
}

double RelativeError(const Eigen::MatrixXd& x, const Eigen::MatrixXd& exact) {
  return (x - exact).lpNorm<Eigen::Infinity>() / exact.lpNorm<Eigen::Infinity>();
}

}  // namespace

TEST_CASE("sparse LU: threshold pivoting keeps the accuracy that elimination in diagonal order loses") {
  // M = [d 1; 1 1] with d = 1e-17, b = (1, 2). Exact: x1 = 1 / (1 − d), x2 = (1 − 2d) / (1 − d), both 1 to
  // double precision. In diagonal order: l = 1/d, u22 = 1 − 1/d, x2 = (2 − 1/d) / u22, x1 = (1 − x2) / d,
  // and 1 − x2 cancels to 0: x1 comes out 0 instead of 1.
  const double d = 1e-17;
  const SparseMatrix m = pcf::FromTriplets(2, 2, {{0, 0, d}, {1, 0, 1.0}, {0, 1, 1.0}, {1, 1, 1.0}});
  const double l = 1 / d, u22 = 1 - l;
  const double x2_unpivoted = (2 - l) / u22;
  const double x1_unpivoted = (1 - x2_unpivoted) / d;
  CHECK(std::abs(x1_unpivoted - 1) > 0.5);  // the failure the pivoting avoids

  const auto lu = BlockSparseLu::Compute(m);
  REQUIRE(lu.has_value());
  Eigen::MatrixXd x(2, 1);
  x << 1, 2;
  lu->Solve(&x);
  CHECK(x(0, 0) == doctest::Approx(1 / (1 - d)).epsilon(1e-15));
  CHECK(x(1, 0) == doctest::Approx((1 - 2 * d) / (1 - d)).epsilon(1e-15));
  // Mᵀ y = (1, 2): d y1 + y2 = 1 (first column of M), y1 + y2 = 2 (second) → y1 = 1 / (1 − d), y2 = 2 − y1.
  Eigen::MatrixXd y(2, 1);
  y << 1, 2;
  lu->SolveTransposed(&y);
  CHECK(y(0, 0) == doctest::Approx(1 / (1 - d)).epsilon(1e-15));
  CHECK(y(1, 0) == doctest::Approx(2 - 1 / (1 - d)).epsilon(1e-15));
}

TEST_CASE("sparse LU: tiny diagonals in a 300-process loop, without refinement, agree with dense partial pivoting") {
  const int n = 300;
  const SparseMatrix m = TinyDiagonalRing(n, 7);
  const Eigen::MatrixXd dense(m);
  Eigen::MatrixXd b(n, 3);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  for (Eigen::Index k = 0; k < b.size(); ++k) b.data()[k] = value(rng);
  const Eigen::PartialPivLU<Eigen::MatrixXd> reference(dense);
  const Eigen::MatrixXd exact = reference.solve(b), exact_t = reference.transpose().solve(b);

  const auto lu = BlockSparseLu::Compute(m);
  REQUIRE(lu.has_value());
  Eigen::MatrixXd x = b, y = b;
  lu->Solve(&x);
  lu->SolveTransposed(&y);
  CHECK(RelativeError(x, exact) < 1e-10);
  CHECK(RelativeError(y, exact_t) < 1e-10);
}

TEST_CASE("sparse LU: a block that fills in finishes with a dense LU of its Schur complement, as accurately") {
  // The ring plus 40 "markets" used by every process and using many: the trailing columns fill in.
  const int n = 700, markets = 40;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> value(0.5, 2.0);
  std::vector<Triplet> t;
  const SparseMatrix ring = TinyDiagonalRing(n, 13);
  for (int j = 0; j < n; ++j)
    for (SparseMatrix::InnerIterator it(ring, j); it; ++it) t.emplace_back(static_cast<int>(it.row()), j, it.value());
  for (int j = 0; j < n; ++j)
    for (int q = 0; q < markets; q += 1 + static_cast<int>(rng() % 3))
      if (q != j) t.emplace_back(q, j, -0.01 * value(rng));
  for (int q = 0; q < markets; ++q)
    for (int i = markets; i < n; i += 1 + static_cast<int>(rng() % 4)) t.emplace_back(i, q, -0.01 * value(rng));
  const SparseMatrix m = pcf::FromTriplets(static_cast<std::size_t>(n), static_cast<std::size_t>(n), t);
  const auto lu = BlockSparseLu::Compute(m);
  REQUIRE(lu.has_value());
  CHECK(lu->dense_columns() >= BlockSparseLu::kMinDense);

  const Eigen::MatrixXd dense(m);
  Eigen::MatrixXd b = Eigen::MatrixXd::Random(n, 2);
  const Eigen::PartialPivLU<Eigen::MatrixXd> reference(dense);
  Eigen::MatrixXd x = b, y = b;
  lu->Solve(&x);
  lu->SolveTransposed(&y);
  CHECK(RelativeError(x, reference.solve(b)) < 1e-10);
  CHECK(RelativeError(y, reference.transpose().solve(b)) < 1e-10);
}

TEST_CASE("factorization: refinement reaches a rounding-level backward error on every right-hand side") {
  const int n = 300;  // larger than the dense-block limit: the sparse LU path
  const SparseMatrix m = TinyDiagonalRing(n, 11);
  const Factorization f = Factorization::Compute(m);
  CHECK(f.stats().largest_block == static_cast<std::size_t>(n));
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(n, 4);
  for (int k = 0; k < 4; ++k) b(k * 50, k) = 1;  // unit demands: each column has its own scale of answer
  pcf::SolveReport report;
  const Eigen::MatrixXd x = f.SolveTransposed(b, &report);
  CHECK(report.backward_error <= 4 * std::numeric_limits<double>::epsilon());
  // The reported error is the componentwise backward error of the returned x, computed here again.
  const Eigen::MatrixXd dense(m);
  const Eigen::MatrixXd r = b - dense.transpose() * x;
  const Eigen::MatrixXd scale = dense.cwiseAbs().transpose() * x.cwiseAbs() + b.cwiseAbs();
  double worst = 0;
  for (Eigen::Index k = 0; k < r.size(); ++k)
    if (scale.data()[k] > 0) worst = std::max(worst, std::abs(r.data()[k]) / scale.data()[k]);
  CHECK(worst == doctest::Approx(report.backward_error).epsilon(1e-6));
}

TEST_CASE("factorization: the condition estimate is a lower bound within a factor 3 of the equilibrated 1-norm condition") {
  // [1 1; 1 1+e]: rows and columns are already scaled to a largest magnitude of about 1, and its
  // inverse is [1+e −1; −1 1] / e, so cond₁ = ‖M‖₁ ‖M⁻¹‖₁ = (2 + e)(2 + e) / e.
  const double e = 1e-11;
  const SparseMatrix m = pcf::FromTriplets(2, 2, {{0, 0, 1.0}, {1, 0, 1.0}, {0, 1, 1.0}, {1, 1, 1 + e}});
  const Factorization f = Factorization::Compute(m);
  // Equilibration scales the second column by 1 / (1 + e): the exact value moves by a relative 1e-11 only.
  const double exact = (2 + e) * (2 + e) / e;
  CHECK(f.stats().condition_estimate <= exact * (1 + 1e-4));
  CHECK(f.stats().condition_estimate >= exact / 3);
  CHECK(f.stats().condition_estimate > pcf::kIllConditioned);
  CHECK(f.stats().worst_block_rows.size() == 2);

  // A well-conditioned system whose rows differ by 12 orders of magnitude (units): equilibration makes
  // it the identity, condition 1.
  const SparseMatrix units = pcf::FromTriplets(2, 2, {{0, 0, 1e-6}, {1, 1, 1e6}});
  CHECK(Factorization::Compute(units).stats().condition_estimate == doctest::Approx(1.0));
}

TEST_CASE("lci: an ill-conditioned loop is named in the warning, a well-conditioned model gives none") {
  // Two processes that nearly make each other's product only: [1 −(1−e); −1 1] has determinant e, and
  // after scaling a condition number of about 4/e. A third, acyclic process uses both.
  const double e = 1e-12;
  pcf::Model model;
  for (const char* id : {"steam", "power", "widget"}) REQUIRE(model.products.Add({id, id, "kg", ""}));
  for (const char* id : {"boiler", "turbine", "assembly"}) REQUIRE(model.processes.Add({id, id, "kg", ""}));
  model.interventions = SparseMatrix(0, 3);
  model.characterization = SparseMatrix(0, 0);
  model.technosphere = pcf::FromTriplets(
      3, 3, {{0, 0, 1.0}, {1, 0, -1.0}, {0, 1, -(1 - e)}, {1, 1, 1.0}, {2, 2, 1.0}, {0, 2, -0.5}, {1, 2, -0.5}});
  const auto lu = pcf::FactorizeTechnosphere(model);
  CHECK(lu.stats().condition_estimate > pcf::kIllConditioned);
  const std::string warning = pcf::ConditionWarning(model, lu);
  CHECK(warning.find("ill-conditioned") != std::string::npos);
  CHECK(warning.find("a loop of 2 products") != std::string::npos);
  CHECK(warning.find("\"steam\"") != std::string::npos);
  CHECK(warning.find("\"power\"") != std::string::npos);
  CHECK(warning.find("\"widget\"") == std::string::npos);

  // Without the near-cancellation (−0.5 instead of −(1−e)) the loop is harmless: no warning.
  model.technosphere = pcf::FromTriplets(
      3, 3, {{0, 0, 1.0}, {1, 0, -1.0}, {0, 1, -0.5}, {1, 1, 1.0}, {2, 2, 1.0}, {0, 2, -0.5}, {1, 2, -0.5}});
  const auto fine = pcf::FactorizeTechnosphere(model);
  CHECK(fine.stats().condition_estimate < 100);
  CHECK(pcf::ConditionWarning(model, fine).empty());
}
