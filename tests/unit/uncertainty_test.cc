// Uncertainty data and the Monte Carlo building blocks (docs/uncertainty.md): pedigree σ against the
// formula by hand, the counter-based streams, draws around a point value, sample statistics, and the
// widths derived from the database's confidence labels.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

#include "engine/calc/background_uncertainty.h"
#include "engine/calc/monte_carlo.h"
#include "engine/core/random_stream.h"
#include "engine/core/uncertainty.h"

using namespace pcf;

TEST_CASE("uncertainty: pedigree scores give σ² = ln(basic)² + the ecoinvent v3 variances") {
  // Weidema et al. 2013, Table 10.5, written out here: reliability 4 → 0.008, completeness 2 → 0.0001,
  // temporal 5 → 0.04, geographical 3 → 0.0001, technological 2 → 0.0006; basic GSD 1.1.
  const double by_hand = std::sqrt(std::log(1.1) * std::log(1.1) + 0.008 + 0.0001 + 0.04 + 0.0001 + 0.0006);
  CHECK(PedigreeSigma({4, 2, 5, 3, 2}, 1.1) == doctest::Approx(by_hand).epsilon(1e-15));
  CHECK(PedigreeSigma({1, 1, 1, 1, 1}, 1.05) == doctest::Approx(std::log(1.05)).epsilon(1e-15));
  CHECK(PedigreeSigma({1, 1, 1, 1, 1}, 1.0) == 0);  // refused by the product reader: "uncertain" with no spread
  const double worst = std::sqrt(0.04 + 0.008 + 0.04 + 0.002 + 0.12);
  CHECK(PedigreeSigma({5, 5, 5, 5, 5}, 1.0) == doctest::Approx(worst).epsilon(1e-15));
}

TEST_CASE("uncertainty: a stream is a pure function of seed, identity and draw, uniform in (0, 1)") {
  const std::uint64_t s = StreamId("line|make|emission|CO2, fossil");
  CHECK(s == StreamId("line|make|emission|CO2, fossil"));
  CHECK(s != StreamId("line|make|emission|CO2, fossil, process"));
  CHECK(StreamUniform(1, s, 7, 0) == StreamUniform(1, s, 7, 0));
  CHECK(StreamUniform(1, s, 7, 0) != StreamUniform(2, s, 7, 0));
  CHECK(StreamUniform(1, s, 7, 0) != StreamUniform(1, s, 8, 0));
  CHECK(StreamUniform(1, s, 7, 0) != StreamUniform(1, s, 7, 1));
  // 100000 uniforms: inside (0, 1), mean 1/2 within 5 standard errors (sd of a uniform: 1/sqrt(12)).
  double sum = 0;
  std::set<double> distinct;
  for (std::uint64_t k = 0; k < 100000; ++k) {
    const double u = StreamUniform(5, s, k, 0);
    REQUIRE(u > 0);
    REQUIRE(u < 1);
    sum += u;
    distinct.insert(u);
  }
  CHECK(std::fabs(sum / 100000 - 0.5) < 5 / std::sqrt(12.0 * 100000));
  CHECK(distinct.size() == 100000);
}

TEST_CASE("uncertainty: draws stay around the point value, parameters move them by their own change") {
  Uncertainty lognormal;
  lognormal.sigma = 0.2;
  const std::uint64_t s = StreamId("x");
  const double z = StreamNormal(3, s, 4);
  CHECK(DrawValue(lognormal, 5, 5, 3, s, 4) == doctest::Approx(5 * std::exp(0.2 * z)).epsilon(1e-15));
  CHECK(DrawValue(lognormal, -5, -5, 3, s, 4) == doctest::Approx(-5 * std::exp(0.2 * z)).epsilon(1e-15));  // mirrored
  CHECK(DrawValue(lognormal, 5, 6, 3, s, 4) == doctest::Approx(6 * std::exp(0.2 * z)).epsilon(1e-15));
  Uncertainty normal;
  normal.distribution = Distribution::kNormal;
  normal.sd = 2;
  CHECK(DrawValue(normal, 10, 10, 3, s, 4) == 10 + 2 * z);
  CHECK(DrawValue(normal, 10, 12, 3, s, 4) == doctest::Approx(12 + 2 * z).epsilon(1e-15));
  Uncertainty triangular;
  triangular.distribution = Distribution::kTriangular;
  triangular.min = 1, triangular.mode = 2, triangular.max = 4;
  // Inverse CDF at u: below the mode (u < 1/3) min + sqrt(u · 3 · 1), else max − sqrt((1 − u) · 3 · 2).
  const double u = StreamUniform(3, s, 4, 0);
  const double expected = u < 1.0 / 3 ? 1 + std::sqrt(u * 3) : 4 - std::sqrt((1 - u) * 6);
  CHECK(DrawValue(triangular, 2, 2, 3, s, 4) == doctest::Approx(expected).epsilon(1e-15));
  for (std::uint64_t k = 0; k < 1000; ++k) {
    const double x = DrawValue(triangular, 2, 2, 3, s, k);
    REQUIRE(x >= 1);
    REQUIRE(x <= 4);
  }
}

TEST_CASE("uncertainty: summaries use n − 1 and percentiles between order statistics") {
  const DistributionSummary s = Summarize({5, 1, 4, 2, 3});
  CHECK(s.mean == 3);
  CHECK(s.sd == doctest::Approx(std::sqrt(10.0 / 4)).epsilon(1e-15));
  CHECK(s.median == 3);
  CHECK(s.p2_5 == doctest::Approx(1 + 0.025 * 4 * 1).epsilon(1e-15));   // position 0.1 between 1 and 2
  CHECK(s.p97_5 == doctest::Approx(4 + 0.9 * 1).epsilon(1e-15));        // position 3.9 between 4 and 5
  CHECK(s.p5 == doctest::Approx(1.2).epsilon(1e-15));
  CHECK(s.p95 == doctest::Approx(4.8).epsilon(1e-15));
}

TEST_CASE("uncertainty: an unconfirmed factor is wider than a secondary one, an official one narrowest") {
  CHECK(ConfidenceGsd("official") < ConfidenceGsd("secondary"));
  CHECK(ConfidenceGsd("secondary") < ConfidenceGsd("unconfirmed"));
  CHECK(ConfidenceGsd("derived") == ConfidenceGsd("secondary"));
  CHECK(ConfidenceGsd("unconfirmed") == 1.5);
}
