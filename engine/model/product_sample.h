// Monte Carlo draws of a product file (docs/uncertainty.md): every uncertain parameter and line gets a
// stream named by what it is — never by where it stands in the file — and draw k of the file is the file
// with its parameters drawn, every amount re-evaluated with them (one parameter moves all the amounts that
// use it together), and then each line's own uncertainty drawn around that.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/random_stream.h"
#include "engine/model/product.h"

namespace pcf {

struct UncertainValue {
  std::string identity;  // e.g. "line|cement grinding|input:background|electricity, …" (docs/uncertainty.md)
  std::uint64_t stream = 0;
  SourceLocation where;
  std::string distribution;  // Uncertainty::Describe()
  const Uncertainty* uncertainty = nullptr;  // in the sampler's file
  double point = 0;                          // the value at the file's own numbers
};

class ProductSampler {
 public:
  explicit ProductSampler(const ProductFile& file);

  // The uncertain parameters and lines, sorted by identity.
  const std::vector<UncertainValue>& UncertainValues() const { return uncertain_; }

  // The product file of draw k under `seed` (the point file is not changed). Throws Error naming the
  // formula's place when a formula has no finite value in this draw.
  ProductFile Draw(std::uint64_t seed, std::uint64_t k) const;

  // What the own distribution of uncertain value i (of UncertainValues()) gives in draw k around its point
  // value, before any drawn parameter moves it: the independent input that contribution to variance
  // regresses the total on (engine/calc/variance_contribution.h).
  double OwnDraw(std::size_t i, std::uint64_t seed, std::uint64_t k) const;

 private:
  const ProductFile& file_;
  std::vector<std::uint64_t> line_streams_;  // per amount of the file, in the order VisitAmounts gives them
  std::map<std::string, std::uint64_t> parameter_streams_;
  std::vector<UncertainValue> uncertain_;
};

}  // namespace pcf
