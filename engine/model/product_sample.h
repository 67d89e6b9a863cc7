// Monte Carlo draws of a product file (docs/uncertainty.md): every uncertain parameter and line gets a
// stream named by what it is — never by where it stands in the file — and draw k of the file is the file
// with its parameters drawn, every amount re-evaluated with them (one parameter moves all the amounts that
// use it together), and then each line's own uncertainty drawn around that.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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
  // What one thread needs to draw: the file's formulas compiled once, bound to its own parameter values.
  class Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* w) const;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;

  explicit ProductSampler(const ProductFile& file);

  // The uncertain parameters and lines, sorted by identity.
  const std::vector<UncertainValue>& UncertainValues() const { return uncertain_; }

  // The product file of draw k under `seed` (the point file is not changed). Throws Error naming the
  // formula's place when a formula has no finite value in this draw.
  ProductFile Draw(std::uint64_t seed, std::uint64_t k) const;
  // The same, bit for bit, with the formulas compiled once in `workspace` (NewWorkspace, one per thread)
  // instead of parsed for every draw.
  WorkspacePtr NewWorkspace() const;
  ProductFile Draw(std::uint64_t seed, std::uint64_t k, Workspace& workspace) const;

  // What the own distribution of uncertain value i (of UncertainValues()) gives in draw k around its point
  // value, before any drawn parameter moves it: the independent input that contribution to variance
  // regresses the total on (engine/calc/variance_contribution.h).
  double OwnDraw(std::size_t i, std::uint64_t seed, std::uint64_t k) const;

 private:
  // A parameter in an order where each comes after those its formula uses.
  struct OrderedParameter {
    std::size_t definition = 0;  // in file_.parameter_definitions
    std::size_t slot = 0;        // its value's place: its position in file_.parameters (sorted by name)
    const Uncertainty* uncertainty = nullptr;
    double point = 0;
    std::uint64_t stream = 0;
  };

  const ProductFile& file_;
  std::map<std::string, std::size_t> parameter_slot_;  // name → slot (with parameter uncertainty only)
  std::vector<OrderedParameter> parameter_order_;
  std::vector<std::size_t> formula_amounts_;  // amounts (VisitAmounts order) written as formulas
  std::vector<std::uint64_t> line_streams_;  // per amount of the file, in the order VisitAmounts gives them
  std::map<std::string, std::uint64_t> parameter_streams_;
  std::vector<UncertainValue> uncertain_;
};

}  // namespace pcf
