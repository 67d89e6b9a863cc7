// The uncertainty of one number (docs/uncertainty.md): a distribution around its point value, written in
// a product file or derived for a database entry from its confidence label. The point value is never
// changed by carrying an uncertainty; Monte Carlo draws around it.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace pcf {

enum class Distribution { kLognormal, kNormal, kTriangular, kUniform };

struct Uncertainty {
  Distribution distribution = Distribution::kLognormal;
  double sigma = 0;  // lognormal: standard deviation of ln(value) (geometric sd = exp(sigma))
  double sd = 0;     // normal: standard deviation, in the value's unit
  double min = 0, mode = 0, max = 0;  // triangular (min, mode, max) and uniform (min, max), absolute
  bool from_pedigree = false;         // lognormal from pedigree scores (`pedigree:`, `basic:`)
  std::array<int, 5> pedigree = {0, 0, 0, 0, 0};  // reliability, completeness, temporal, geographical, technological
  double basic = 1;                   // basic uncertainty (a geometric sd) under the pedigree scores

  // One canonical line, e.g. "lognormal sigma=0.18232155679395459": part of a value's identity when two
  // lines of a process would otherwise share one, and what reports print.
  std::string Describe() const;
};

// The ecoinvent v3 pedigree variances of ln(value) (Weidema et al. 2013, Table 10.5), indicator × score 1–5.
extern const double kPedigreeVariance[5][5];

// σ of the lognormal of pedigree `scores` (each 1–5) over a basic geometric sd `basic_gsd` (≥ 1):
// σ² = ln(basic)² + Σ variance(indicator, score).
double PedigreeSigma(const std::array<int, 5>& scores, double basic_gsd);

// The value in draw k. `point` is the value at the file's own numbers; `current` is the value in this
// draw before its own uncertainty is applied (a formula re-evaluated with the drawn parameters; equal to
// `point` when nothing it uses is uncertain). Lognormal: current × exp(σ z) (a negative value is mirrored:
// its magnitude is lognormal). Normal, triangular, uniform: a draw x of the distribution as written, moved
// by what the parameters changed: current + (x − point), which is x itself when current = point.
double DrawValue(const Uncertainty& u, double point, double current, std::uint64_t seed, std::uint64_t stream,
                 std::uint64_t k);

}  // namespace pcf
