// The preconditioned GMRES (engine/matrix/krylov.h) on systems whose solution is set by the test, and
// Factorization::RefactorizeIterative (Monte Carlo draws solved by GMRES on the point's LU) against a fresh
// factorization of the same values: the iterative path, and its fallbacks (a block too far from its LU is
// factorized; a GMRES that cannot converge is reported so the caller refactorizes).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/LU>

#include "engine/matrix/factorization.h"
#include "engine/matrix/krylov.h"

namespace {

// A 5×5 non-symmetric system with a unit diagonal and couplings of both signs.
Eigen::MatrixXd Small() {
  Eigen::MatrixXd a(5, 5);
  a << 1, -0.3, 0, 0.2, 0,  //
      -0.5, 1, -0.1, 0, 0.4,  //
      0, -0.2, 1, -0.6, 0,  //
      0.1, 0, -0.3, 1, -0.2,  //
      -0.4, 0, 0, -0.1, 1;
  return a;
}

double MaxRelative(const Eigen::VectorXd& x, const Eigen::VectorXd& reference) {
  return (x - reference).lpNorm<Eigen::Infinity>() / reference.lpNorm<Eigen::Infinity>();
}

// An LCA-like square matrix of n products: a unit diagonal, each column consuming 3 other products (0.05–0.2
// each, so columns sum below 1: a net output), one entry per column of the ring j → j + 1 (every product
// reaches every other one: one strongly connected block), off-diagonals multiplied by `factor(column, k)`.
template <class Factor>
pcf::SparseMatrix Loop(int n, Factor factor) {
  std::vector<pcf::Triplet> t;
  std::uint32_t state = 12345;
  auto next = [&state] {  // a fixed linear congruential sequence: the same matrix on every platform
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state >> 8) / 16777216.0;
  };
  for (int j = 0; j < n; ++j) {
    t.emplace_back(j, j, 1.0);
    t.emplace_back((j + 1) % n, j, -0.1 * factor(j, 0));
    for (int k = 1; k <= 3; ++k) {
      int row = static_cast<int>(next() * n) % n;
      if (row == j || row == (j + 1) % n) row = (j + 2 + k) % n;
      t.emplace_back(row, j, -(0.05 + 0.15 * next()) * factor(j, k));
    }
  }
  return pcf::FromTriplets(static_cast<std::size_t>(n), static_cast<std::size_t>(n), t);
}

}  // namespace

TEST_CASE("gmres: solves a system whose solution is set, in at most n products without a preconditioner") {
  const Eigen::MatrixXd a = Small();
  Eigen::VectorXd solution(5);
  solution << 1, -2, 3, 0.5, 4;
  const Eigen::VectorXd b = a * solution;
  const pcf::LinearOperator apply = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = a * in; };
  const pcf::LinearOperator identity = [](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = in; };
  Eigen::VectorXd x = Eigen::VectorXd::Zero(5);
  const pcf::KrylovReport report = pcf::Gmres(apply, identity, b, &x);
  CHECK(report.converged);
  CHECK(report.iterations <= 5);
  CHECK(report.relative_residual <= 1e-13);
  CHECK(MaxRelative(x, solution) < 1e-12);

  // The exact inverse as preconditioner: one product.
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);
  const pcf::LinearOperator inverse = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = lu.solve(in); };
  x.setZero();
  const pcf::KrylovReport exact = pcf::Gmres(apply, inverse, b, &x);
  CHECK(exact.converged);
  CHECK(exact.iterations == 1);
  CHECK(MaxRelative(x, solution) < 1e-13);
}

TEST_CASE("gmres: a capped run reports no convergence, and a zero right-hand side gives zero at once") {
  const Eigen::MatrixXd a = Small();
  const pcf::LinearOperator apply = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = a * in; };
  const pcf::LinearOperator identity = [](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = in; };
  pcf::KrylovOptions capped;
  capped.max_iterations = 2;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(5);
  const pcf::KrylovReport report = pcf::Gmres(apply, identity, Eigen::VectorXd::LinSpaced(5, 1, 5), &x, capped);
  CHECK_FALSE(report.converged);
  CHECK(report.iterations == 2);
  CHECK(report.relative_residual > 1e-6);

  x.setConstant(7);
  const pcf::KrylovReport zero = pcf::Gmres(apply, identity, Eigen::VectorXd::Zero(5), &x);
  CHECK(zero.converged);
  CHECK(zero.iterations == 0);
  CHECK(x == Eigen::VectorXd::Zero(5));
}

TEST_CASE("RefactorizeIterative: a drawn 300-product loop solved by GMRES on the point LU agrees with a fresh factorization to 1e-12") {
  const int n = 300;  // above the dense limit: the block's LU is the sparse one
  const pcf::SparseMatrix point = Loop(n, [](int, int) { return 1.0; });
  // Every off-diagonal moved by a factor in [0.8, 1.25] (a spread like a GSD of 1.2), fixed by its place.
  const pcf::SparseMatrix drawn = Loop(n, [](int j, int k) { return std::exp(0.2 * std::sin(1.7 * j + 2.9 * k)); });
  pcf::Factorization f = pcf::Factorization::Compute(point, pcf::SolveMethod::kBlockTriangular, true, false);
  REQUIRE(f.KeepPreconditioners(2) == 1);
  REQUIRE(f.RefactorizeIterative(drawn));
  CHECK(f.iteration().blocks_iterated == 1);
  CHECK(f.iteration().blocks_factorized == 0);
  const Eigen::VectorXd demand = Eigen::VectorXd::LinSpaced(n, 1, 2);
  pcf::SolveReport forward, transposed;
  const Eigen::VectorXd s = f.Solve(demand, &forward);
  const Eigen::VectorXd x = f.SolveTransposed(demand, &transposed);
  CHECK_FALSE(f.iteration().failed);
  CHECK(f.iteration().iterations > 2);  // the draw does differ from the point
  CHECK(forward.backward_error <= 1e-14);
  CHECK(transposed.backward_error <= 1e-14);
  const pcf::Factorization fresh = pcf::Factorization::Compute(drawn);
  CHECK(MaxRelative(s, fresh.Solve(demand)) < 1e-12);
  CHECK(MaxRelative(x, fresh.SolveTransposed(demand)) < 1e-12);
  CHECK(pcf::RelativeResidual(drawn, s, demand) < 1e-14);

  // A block moved further than kIterativeDistance of its norm is factorized as Refactorize does: the same
  // order and pivots as a fresh factorization, so the same bits; the kept LU stays the point's.
  const pcf::SparseMatrix far = Loop(n, [](int, int k) { return k == 0 ? 1.0 : 4.0; });
  REQUIRE(f.RefactorizeIterative(far));
  CHECK(f.iteration().blocks_iterated == 0);
  CHECK(f.iteration().blocks_factorized == 1);
  const pcf::Factorization far_fresh = pcf::Factorization::Compute(far);
  CHECK(f.Solve(demand) == far_fresh.Solve(demand));
  REQUIRE(f.RefactorizeIterative(drawn));
  CHECK(f.Solve(demand) == s);  // the preconditioner is still the point's: the same draw, the same bits
  // Refactorize (the caller's fallback) solves directly and keeps the point LU for the next draw.
  REQUIRE(f.Refactorize(drawn));
  CHECK(f.Solve(demand) == fresh.Solve(demand));
  REQUIRE(f.RefactorizeIterative(drawn));
  CHECK(f.Solve(demand) == s);
}

TEST_CASE("RefactorizeIterative: a singular draw near the point leaves GMRES unconverged and Refactorize names the loop") {
  // A 2×2 loop (rows 0, 1: product 0 needs b of 1, 1 needs a of 0) and a 1×1 block (row 2) using both.
  auto matrix = [](double a, double b) {
    return pcf::FromTriplets(3, 3, {{0, 0, 1}, {1, 0, -a}, {0, 1, -b}, {1, 1, 1}, {0, 2, -0.3}, {1, 2, -0.2}, {2, 2, 2}});
  };
  pcf::Factorization f = pcf::Factorization::Compute(matrix(0.4, 0.5));
  REQUIRE(f.KeepPreconditioners(2) == 1);
  // a b = 1: no net output. ‖ΔM‖₁ = 0.6 ≤ 0.5 ‖M₀‖₁ = 0.75: near enough to be iterated.
  REQUIRE(f.RefactorizeIterative(matrix(1, 1)));
  CHECK(f.iteration().blocks_iterated == 1);
  Eigen::VectorXd demand(3);
  demand << 1, 2, 3;
  (void)f.Solve(demand);
  CHECK(f.iteration().failed);
  try {
    f.Refactorize(matrix(1, 1));
    FAIL("a singular loop was accepted");
  } catch (const pcf::SingularSystemError& e) {
    CHECK(e.cause() == pcf::SingularSystemError::Cause::kNumerical);
    CHECK(e.columns().size() == 2);
  }
  // The next draw iterates on the point LU again.
  REQUIRE(f.RefactorizeIterative(matrix(0.45, 0.55)));
  const Eigen::VectorXd s = f.Solve(demand);
  CHECK_FALSE(f.iteration().failed);
  CHECK(MaxRelative(s, pcf::Factorization::Compute(matrix(0.45, 0.55)).Solve(demand)) < 1e-12);
}

TEST_CASE("--solver iterative: a 300-product loop solved by GMRES with ILU(0) agrees with the LU to 1e-12, and without a large loop it is the LU") {
  const int n = 300;
  const pcf::SparseMatrix a = Loop(n, [](int j, int k) { return std::exp(0.2 * std::sin(1.3 * j + 0.7 * k)); });
  const pcf::Factorization iterative = pcf::Factorization::Compute(a, pcf::SolveMethod::kIterative);
  CHECK(iterative.method() == pcf::SolveMethod::kIterative);
  const pcf::Factorization direct = pcf::Factorization::Compute(a);
  Eigen::MatrixXd c(n, 2);
  c.col(0) = Eigen::VectorXd::LinSpaced(n, 0.5, 3);
  c.col(1) = Eigen::VectorXd::LinSpaced(n, 2, -1);
  pcf::SolveReport report;
  const Eigen::MatrixXd x = iterative.SolveTransposed(c, &report);
  CHECK(iterative.iteration().iterations > 2);
  CHECK_FALSE(iterative.iteration().failed);
  CHECK(report.backward_error <= pcf::kIterativeBackwardError);
  const Eigen::MatrixXd reference = direct.SolveTransposed(c);
  CHECK(MaxRelative(x.col(0), reference.col(0)) < 1e-12);
  CHECK(MaxRelative(x.col(1), reference.col(1)) < 1e-12);
  const Eigen::VectorXd s = iterative.Solve(Eigen::VectorXd(c.col(0)));
  CHECK(MaxRelative(s, direct.Solve(Eigen::VectorXd(c.col(0)))) < 1e-12);

  // A loop within the dense limit (128) is factorized: the method is then the direct one, bit for bit.
  const pcf::SparseMatrix small = Loop(100, [](int, int) { return 1.0; });
  const pcf::Factorization small_iterative = pcf::Factorization::Compute(small, pcf::SolveMethod::kIterative);
  CHECK(small_iterative.method() == pcf::SolveMethod::kBlockTriangular);
  const Eigen::VectorXd d = Eigen::VectorXd::LinSpaced(100, 1, 2);
  CHECK(small_iterative.SolveTransposed(d) == pcf::Factorization::Compute(small).SolveTransposed(d));
}
