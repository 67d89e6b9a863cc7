// Contribution to variance (issue 14, Deliver 3; docs/uncertainty.md, "What drives it"): which uncertain
// inputs the variance of a Monte Carlo total comes from, computed from the same draws. An input's value in
// draw k is a pure function of (seed, its identity, k), so it is generated again here rather than stored
// during the draws: memory does not grow with the number of inputs, and every sum runs in draw order, so
// the result is the same for any number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/calc/monte_carlo.h"

namespace pcf {

struct ContributionInput {
  std::string identity;
  std::string kind;                          // as VarianceContribution::kind
  std::function<double(std::uint64_t)> draw;  // the input's value in draw k
};

// The inputs are screened by |Pearson correlation| with the total over the first kScreeningDraws draws
// (for independent inputs, which all of pcf's are — every value has its own stream — the correlation is the
// SRC; 2,000 draws tell apart every input with a share above a few per mille, and keep the screening's cost
// independent of N); the kRegressed largest are regressed on together, over all draws
// (least squares on centred values). SRC² when R² ≥ kLinearEnough, else Spearman's ρ on the same inputs,
// ranked over the first kSpearmanDraws draws. `jobs` threads share the screening.
inline constexpr std::size_t kRegressed = 30;
inline constexpr std::size_t kScreeningDraws = 2000;
inline constexpr double kLinearEnough = 0.7;
inline constexpr std::size_t kSpearmanDraws = 1000000;
inline constexpr std::size_t kTopContributions = 10;

VarianceContributions AnalyseContributions(const std::vector<ContributionInput>& inputs,
                                           const std::vector<double>& totals, unsigned jobs);

}  // namespace pcf
