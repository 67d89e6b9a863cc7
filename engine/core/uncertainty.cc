#include "engine/core/uncertainty.h"

#include <cmath>

#include <fmt/format.h>

#include "engine/core/random_stream.h"

namespace pcf {

// Weidema B P et al. (2013), Overview and methodology. Data quality guideline for the ecoinvent database
// version 3, ecoinvent report 1 (v3), Table 10.5: variance of the ln-transformed data added per score.
const double kPedigreeVariance[5][5] = {
    {0.0, 0.0006, 0.002, 0.008, 0.04},     // reliability
    {0.0, 0.0001, 0.0006, 0.002, 0.008},   // completeness
    {0.0, 0.0002, 0.002, 0.008, 0.04},     // temporal correlation
    {0.0, 0.000025, 0.0001, 0.0006, 0.002},// geographical correlation
    {0.0, 0.0006, 0.008, 0.04, 0.12},      // further technological correlation
};

double PedigreeSigma(const std::array<int, 5>& scores, double basic_gsd) {
  double variance = std::log(basic_gsd) * std::log(basic_gsd);
  for (int i = 0; i < 5; ++i) variance += kPedigreeVariance[i][scores[static_cast<std::size_t>(i)] - 1];
  return std::sqrt(variance);
}

std::string Uncertainty::Describe() const {
  switch (distribution) {
    case Distribution::kLognormal:
      if (from_pedigree)
        return fmt::format("lognormal pedigree=({},{},{},{},{}) basic={} sigma={}", pedigree[0], pedigree[1], pedigree[2],
                           pedigree[3], pedigree[4], basic, sigma);
      return fmt::format("lognormal sigma={}", sigma);
    case Distribution::kNormal:
      return fmt::format("normal sd={}", sd);
    case Distribution::kTriangular:
      return fmt::format("triangular min={} mode={} max={}", min, mode, max);
    case Distribution::kUniform:
      return fmt::format("uniform min={} max={}", min, max);
  }
  return "";
}

double DrawValue(const Uncertainty& u, double point, double current, std::uint64_t seed, std::uint64_t stream,
                 std::uint64_t k) {
  double x = point;
  switch (u.distribution) {
    case Distribution::kLognormal:
      return current * std::exp(u.sigma * StreamNormal(seed, stream, k));
    case Distribution::kNormal:
      x = point + u.sd * StreamNormal(seed, stream, k);
      break;
    case Distribution::kUniform:
      x = u.min + (u.max - u.min) * StreamUniform(seed, stream, k, 0);
      break;
    case Distribution::kTriangular: {  // inverse of the cumulative distribution
      const double p = StreamUniform(seed, stream, k, 0), width = u.max - u.min;
      const double split = (u.mode - u.min) / width;
      x = p < split ? u.min + std::sqrt(p * width * (u.mode - u.min))
                    : u.max - std::sqrt((1 - p) * width * (u.max - u.mode));
      break;
    }
  }
  return current == point ? x : current + (x - point);
}

}  // namespace pcf
