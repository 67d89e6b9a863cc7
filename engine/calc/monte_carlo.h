// Monte Carlo over a product file and its background (docs/uncertainty.md): every draw samples the
// product file's uncertain parameters and lines and the background entries, links and solves the whole
// system again, and keeps the method indicator's total and stages. Draw k depends only on the seed, k and
// the identities of the values, so any number of threads gives bit-identical results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/db/model_store.h"
#include "engine/model/product.h"

namespace pcf {

struct MonteCarloOptions {
  std::uint64_t draws = 0;  // 0: no Monte Carlo
  std::uint64_t seed = 0;
  unsigned jobs = 1;        // threads; never changes a result
  // For benchmarks and tests only: every draw relinks the drawn file, factorizes from scratch (with the
  // condition estimate) and splits by CalculateFootprint, as draws were made before the fast path
  // (bench/mc_speed.sh compares the two). The same numbers to rounding (tested).
  bool rebuild_each_draw = false;
  // How a draw solves the technosphere (docs/uncertainty.md, "Iterative draws"). kAutomatic: in loops of at
  // least kIterativeDrawBlock processes by GMRES preconditioned by the point system's LU, elsewhere (and
  // when the iteration does not reach the direct path's accuracy) by refactorizing; kDirect: always by
  // refactorizing; kIterative: by iteration in every loop, however small (tests). The same draws to
  // rounding whichever is taken; for a given choice bit-identical for any number of threads.
  enum class DrawSolve { kAutomatic, kDirect, kIterative };
  DrawSolve draw_solve = DrawSolve::kAutomatic;
};

// Loops of at least this many processes are iterated in Monte Carlo draws (kAutomatic): below it a
// refactorization costs less than a few preconditioned iterations (measured, bench/RESULTS.md).
constexpr std::size_t kIterativeDrawBlock = 1000;
// A draw solved by iteration is kept when the componentwise backward error of both solves after refinement
// is at most this (the direct path reaches rounding level, about 1e-16; docs/uncertainty.md); else the
// draw is refactorized and solved again.
constexpr double kIterativeDrawBackwardError = 1e-14;

// Sample statistics: sd with n − 1; percentiles interpolated linearly between order statistics
// (position p·(n − 1) in the sorted draws, as numpy's default and R's type 7).
struct DistributionSummary {
  double mean = 0, sd = 0, median = 0, p2_5 = 0, p5 = 0, p95 = 0, p97_5 = 0;
};
DistributionSummary Summarize(std::vector<double> values);

// One uncertain input's part in the variance of the total (docs/uncertainty.md, "What drives it").
struct VarianceContribution {
  std::string input;         // its identity: "parameter|NAME", "line|PROCESS|ROLE|WHAT", "A|PROCESS|PRODUCT", "B|PROCESS|FLOW"
  std::string kind;          // "parameter", "amount" (a line of the product file), "background-exchange" (A),
                             // "background-flow" (B)
  double share = 0;          // its share of the variance of the total (see VarianceContributions::method)
  double coefficient = 0;    // method "src": the standardized regression coefficient; "spearman": Spearman's ρ
};

struct VarianceContributions {
  // "src": share = SRC², the squared standardized coefficient of a linear regression of the total on the
  // inputs (the shares add up to about r_squared). "spearman" (when r_squared < 0.7, the total not being
  // close to linear in its inputs): share = ρ² / Σ ρ² over the regressed inputs, ρ the rank correlation of
  // input and total. Empty when the total does not vary or there are fewer than 3 draws.
  std::string method;
  double r_squared = 0;       // of the regression, reported with either method
  std::size_t inputs = 0;     // uncertain inputs (product file and database)
  std::size_t regressed = 0;  // those with the largest |correlation| with the total, regressed on together
  std::vector<VarianceContribution> top;  // at most 10, largest share first
};

struct MonteCarloResult {
  std::uint64_t draws = 0, seed = 0;
  std::vector<double> totals;                    // the method indicator's total, per draw
  std::vector<std::string> stages;               // as in the point footprint (module D last, not declared)
  std::vector<bool> declared;
  std::vector<std::vector<double>> stage_draws;  // [stage][draw]
  DistributionSummary total;
  std::vector<DistributionSummary> stage_summaries;
  std::size_t uncertain_foreground = 0;  // parameters and lines of the product file with `uncertainty:`
  std::size_t uncertain_background = 0;  // database entries with a derived uncertainty
  double seconds = 0;                    // wall time of the draws (not part of any result file)
  VarianceContributions contributions;   // what drives the variance of the total, from the same draws
  double contribution_seconds = 0;       // wall time of that analysis (included in `seconds`)
  double draw_seconds = 0;               // wall time of the draws alone (included in `seconds`)
  // How the draws were solved (fast path): by iteration, by refactorizing after the iteration fell short
  // (not converged, or a block too far from the point), and the GMRES matrix products in all.
  std::uint64_t iterative_draws = 0, fallback_draws = 0, krylov_iterations = 0;
};

// Throws Error naming the draw (and the place in the file, where there is one) when a draw gives an
// invalid system; Error(kBadInput) for draws == 0.
MonteCarloResult RunMonteCarlo(const ProductFile& product, const StoredModel& background, const LinkedSystem& point,
                               const Footprint& point_footprint, SolveMethod method, const MonteCarloOptions& options);

}  // namespace pcf
