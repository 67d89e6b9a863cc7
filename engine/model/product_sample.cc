#include "engine/model/product_sample.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <type_traits>

#include <fmt/format.h>

namespace pcf {

namespace {

template <class Q>
struct Amount {
  Q* quantity;
  std::string identity;  // what the line is: process, role, what it names
  std::string stage;
};

// Every amount of the file that Monte Carlo may change, with its identity, always in the same order
// (File is ProductFile or const ProductFile).
template <class File, class Q = std::conditional_t<std::is_const_v<File>, const Quantity, Quantity>>
std::vector<Amount<Q>> VisitAmounts(File& file) {
  std::vector<Amount<Q>> out;
  for (auto& p : file.processes) {
    auto id = [&](const std::string& role, const std::string& ref) { return fmt::format("line|{}|{}|{}", p.id, role, ref); };
    for (auto& o : p.outputs) out.push_back({&o.quantity, id("output", o.product), ""});
    auto inputs = [&](auto& list, const char* role) {
      for (auto& in : list) {
        const char* kind = in.kind == InputKind::kForeground ? "product" : in.kind == InputKind::kBackground ? "background" : "supplier_pcf";
        // A supplier file by its name: the folder it is read from depends on where pcf is run.
        const std::string ref = in.kind == InputKind::kSupplierPcf ? std::filesystem::path(in.ref).filename().string() : in.ref;
        out.push_back({&in.quantity, id(fmt::format("{}:{}", role, kind), ref), in.stage});
      }
    };
    inputs(p.inputs, "input");
    inputs(p.avoided, "avoided");
    inputs(p.waste, "waste");
    for (auto& e : p.emissions) out.push_back({&e.quantity, id("emission", e.flow), e.stage});
    for (auto& leg : p.transport) {
      out.push_back({&leg.mass, id("transport-mass", leg.mode), leg.stage});
      out.push_back({&leg.distance, id("transport-distance", leg.mode), leg.stage});
    }
  }
  return out;
}

bool IsPlainNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end && *end == '\0';
}

}  // namespace

ProductSampler::ProductSampler(const ProductFile& file) : file_(file) {
  for (const auto& [name, u] : file.parameter_uncertainty) {
    const std::string identity = "parameter|" + name;
    parameter_streams_[name] = StreamId(identity);
    SourceLocation where;
    for (const ParameterDefinition& d : file.parameter_definitions)
      if (d.name == name) where = d.where;
    auto point = file.parameters.find(name);
    uncertain_.push_back({identity, parameter_streams_[name], where, u.Describe(), &u,
                          point == file.parameters.end() ? 0.0 : point->second});
  }
  // Two lines of one process may name the same thing in the same role: then what they write (stage,
  // amount, unit, uncertainty) tells them apart, and lines equal in all of that are interchangeable, so
  // numbering them in file order gives the same result in any order.
  const std::vector<Amount<const Quantity>> amounts = VisitAmounts(file);
  std::map<std::string, int> base_count;
  for (const auto& a : amounts) ++base_count[a.identity];
  std::map<std::string, int> seen;
  for (const auto& a : amounts) {
    std::string identity = a.identity;
    if (base_count[identity] > 1) {
      const Quantity& q = *a.quantity;
      identity += fmt::format("|{}|{}|{}|{}", a.stage, q.formula, q.unit.name, q.uncertainty ? q.uncertainty->Describe() : "none");
      const int n = ++seen[identity];
      if (n > 1) identity += fmt::format("|#{}", n);
    }
    line_streams_.push_back(StreamId(identity));
    if (a.quantity->uncertainty)
      uncertain_.push_back({identity, line_streams_.back(), a.quantity->where, a.quantity->uncertainty->Describe(),
                            &*a.quantity->uncertainty, a.quantity->amount});
  }
  std::sort(uncertain_.begin(), uncertain_.end(),
            [](const UncertainValue& a, const UncertainValue& b) { return a.identity < b.identity; });
}

ProductFile ProductSampler::Draw(std::uint64_t seed, std::uint64_t k) const {
  ProductFile draw = file_;
  const std::vector<Amount<Quantity>> amounts = VisitAmounts(draw);
  if (!file_.parameter_uncertainty.empty()) {
    draw.parameters = EvaluateParameters(file_.parameter_definitions, [&](const std::string& name, double value) {
      auto u = file_.parameter_uncertainty.find(name);
      if (u == file_.parameter_uncertainty.end()) return value;
      return DrawValue(u->second, file_.parameters.at(name), value, seed, parameter_streams_.at(name), k);
    });
    for (const auto& a : amounts)  // every formula sees the drawn parameters
      if (!IsPlainNumber(a.quantity->formula))
        a.quantity->amount = EvaluateFormula(a.quantity->formula, draw.parameters, a.quantity->where);
  }
  const std::vector<Amount<const Quantity>> points = VisitAmounts(file_);
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    Quantity& q = *amounts[i].quantity;
    if (q.uncertainty) q.amount = DrawValue(*q.uncertainty, points[i].quantity->amount, q.amount, seed, line_streams_[i], k);
  }
  return draw;
}

double ProductSampler::OwnDraw(std::size_t i, std::uint64_t seed, std::uint64_t k) const {
  const UncertainValue& v = uncertain_.at(i);
  return DrawValue(*v.uncertainty, v.point, v.point, seed, v.stream, k);
}

}  // namespace pcf
