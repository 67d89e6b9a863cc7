#include "engine/model/product_sample.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "engine/core/parameters.h"

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

class ProductSampler::Workspace {
 public:
  std::vector<double> values;               // one per parameter slot; sized once, so bound addresses hold
  std::vector<CompiledFormula> parameters;  // parameter_order_'s formulas, in that order
  std::vector<CompiledFormula> amounts;     // formula_amounts_'s formulas
};

void ProductSampler::WorkspaceDeleter::operator()(Workspace* w) const { delete w; }

ProductSampler::WorkspacePtr ProductSampler::NewWorkspace() const {
  WorkspacePtr w(new Workspace);
  if (file_.parameter_uncertainty.empty()) return w;  // Draw evaluates nothing then
  w->values.assign(parameter_slot_.size(), 0.0);
  const auto value_of = [&](const std::string& name) -> double* {
    const auto it = parameter_slot_.find(name);
    return it == parameter_slot_.end() ? nullptr : &w->values[it->second];
  };
  for (const OrderedParameter& p : parameter_order_) {
    const ParameterDefinition& d = file_.parameter_definitions[p.definition];
    w->parameters.emplace_back(d.text, value_of, d.where);
  }
  const std::vector<Amount<const Quantity>> amounts = VisitAmounts(file_);
  for (const std::size_t i : formula_amounts_) w->amounts.emplace_back(amounts[i].quantity->formula, value_of, amounts[i].quantity->where);
  return w;
}

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
  if (!file.parameter_uncertainty.empty()) {
    // The parameters in dependency order (the file was read, so there is no cycle), by a depth-first walk
    // with an explicit stack as EvaluateParameters does: a chain of thousands must not overflow the stack.
    std::map<std::string, std::size_t> definition_of;
    for (std::size_t i = 0; i < file.parameter_definitions.size(); ++i) definition_of.emplace(file.parameter_definitions[i].name, i);
    for (const auto& [name, value] : file.parameters) parameter_slot_.emplace(name, parameter_slot_.size());
    std::vector<std::vector<std::size_t>> uses(file.parameter_definitions.size());
    double unused = 0;
    for (std::size_t i = 0; i < uses.size(); ++i) {
      const ParameterDefinition& d = file.parameter_definitions[i];
      const CompiledFormula formula(d.text, [&](const std::string&) { return &unused; }, d.where);
      for (const std::string& name : formula.names()) uses[i].push_back(definition_of.at(name));
    }
    std::vector<int> state(uses.size(), 0);  // 0 new, 1 on the path, 2 done
    for (std::size_t root = 0; root < uses.size(); ++root) {
      if (state[root] != 0) continue;
      std::vector<std::pair<std::size_t, std::size_t>> path = {{root, 0}};  // definition, next use
      state[root] = 1;
      while (!path.empty()) {
        auto& [v, next] = path.back();
        if (next < uses[v].size()) {
          const std::size_t u = uses[v][next++];
          if (state[u] == 0) {
            state[u] = 1;
            path.push_back({u, 0});
          }
          continue;
        }
        const std::string& name = file.parameter_definitions[v].name;
        OrderedParameter p;
        p.definition = v;
        p.slot = parameter_slot_.at(name);
        p.point = file.parameters.at(name);
        if (const auto u = file.parameter_uncertainty.find(name); u != file.parameter_uncertainty.end()) {
          p.uncertainty = &u->second;
          p.stream = parameter_streams_.at(name);
        }
        parameter_order_.push_back(p);
        state[v] = 2;
        path.pop_back();
      }
    }
    for (std::size_t i = 0; i < amounts.size(); ++i)
      if (!IsPlainNumber(amounts[i].quantity->formula)) formula_amounts_.push_back(i);
  }
  std::sort(uncertain_.begin(), uncertain_.end(),
            [](const UncertainValue& a, const UncertainValue& b) { return a.identity < b.identity; });
}

ProductFile ProductSampler::Draw(std::uint64_t seed, std::uint64_t k, Workspace& workspace) const {
  ProductFile draw = file_;
  const std::vector<Amount<Quantity>> amounts = VisitAmounts(draw);
  if (!file_.parameter_uncertainty.empty()) {
    for (std::size_t j = 0; j < parameter_order_.size(); ++j) {
      const OrderedParameter& p = parameter_order_[j];
      double value = workspace.parameters[j].Evaluate();
      if (p.uncertainty) value = DrawValue(*p.uncertainty, p.point, value, seed, p.stream, k);
      workspace.values[p.slot] = value;
    }
    std::size_t slot = 0;  // draw.parameters has the point's names, in slot order
    for (auto& [name, value] : draw.parameters) value = workspace.values[slot++];
    for (std::size_t f = 0; f < formula_amounts_.size(); ++f)  // every formula sees the drawn parameters
      amounts[formula_amounts_[f]].quantity->amount = workspace.amounts[f].Evaluate();
  }
  const std::vector<Amount<const Quantity>> points = VisitAmounts(file_);
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    Quantity& q = *amounts[i].quantity;
    if (q.uncertainty) q.amount = DrawValue(*q.uncertainty, points[i].quantity->amount, q.amount, seed, line_streams_[i], k);
  }
  return draw;
}

// Parses every formula again: kept as the reference the compiled path is tested against.
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
