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
};

// Sample statistics: sd with n − 1; percentiles interpolated linearly between order statistics
// (position p·(n − 1) in the sorted draws, as numpy's default and R's type 7).
struct DistributionSummary {
  double mean = 0, sd = 0, median = 0, p2_5 = 0, p5 = 0, p95 = 0, p97_5 = 0;
};
DistributionSummary Summarize(std::vector<double> values);

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
};

// Throws Error naming the draw (and the place in the file, where there is one) when a draw gives an
// invalid system; Error(kBadInput) for draws == 0.
MonteCarloResult RunMonteCarlo(const ProductFile& product, const StoredModel& background, const LinkedSystem& point,
                               const Footprint& point_footprint, SolveMethod method, const MonteCarloOptions& options);

}  // namespace pcf
