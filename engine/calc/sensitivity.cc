#include "engine/calc/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/core/atomic_file.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/model/product.h"

namespace pcf {

namespace {

// A foreground amount the total depends on, as a place in a ProductFile (so the same walk finds it in a copy).
struct AmountRef {
  std::string name, stage;
  Quantity* quantity = nullptr;
};

// Outputs, inputs, waste, emissions and transport legs (the mass: it scales the transport work) of every
// process, in file order. Avoided products are left out: their credits (module D) are not in the total.
std::vector<AmountRef> Amounts(ProductFile& file) {
  std::vector<AmountRef> out;
  for (ForegroundProcess& p : file.processes) {
    auto stage = [&](const std::string& own) { return own.empty() ? p.stage : own; };
    for (ProductOutput& o : p.outputs) out.push_back({fmt::format("{} · output · {}", p.id, o.product), p.stage, &o.quantity});
    for (ProductInput& in : p.inputs)
      out.push_back({fmt::format("{} · input · {}", p.id, in.ref), stage(in.stage), &in.quantity});
    for (ProductInput& w : p.waste) out.push_back({fmt::format("{} · waste · {}", p.id, w.ref), stage(w.stage), &w.quantity});
    for (ProductEmission& e : p.emissions)
      out.push_back({fmt::format("{} · emission · {}", p.id, e.flow), stage(e.stage), &e.quantity});
    for (TransportLeg& leg : p.transport)
      out.push_back({fmt::format("{} · transport · {}", p.id, leg.mode), stage(leg.stage), &leg.mass});
  }
  return out;
}

double Total(const ProductFile& file, const StoredModel& database, SolveMethod solver) {
  const LinkedSystem system = LinkProduct(file, database);
  const Footprint footprint = CalculateFootprint(system, solver);
  return footprint.lci.scores[static_cast<Eigen::Index>(system.method_row)];
}

// The total of a changed file, or the reason it has none (an invalid file, a singular system).
struct Outcome {
  bool ok = false;
  double total = 0;
  std::string reason;
};

Outcome Try(const std::function<double()>& total) {
  try {
    return {true, total(), ""};
  } catch (const Error& e) {
    return {false, 0, e.ToString()};
  }
}

void Vary(SensitivityInput* input, double delta, double total, const std::function<Outcome(double factor)>& at) {
  if (input->value == 0) {
    input->reason = "value 0: a relative change changes nothing";
    return;
  }
  const Outcome minus = at(1 - delta), plus = at(1 + delta);
  if (!minus.ok || !plus.ok) {
    input->reason = fmt::format("{} {:g} %: {}", minus.ok ? "+" : "−", 100 * delta, minus.ok ? plus.reason : minus.reason);
    return;
  }
  input->varied = true;
  input->total_minus = minus.total;
  input->total_plus = plus.total;
  input->elasticity = total != 0 ? (plus.total - minus.total) / (2 * delta * total) : 0;
}

}  // namespace

double ParseRelativeChange(const std::string& text, const std::string& option) {
  std::string number(Trim(text));
  const bool percent = !number.empty() && number.back() == '%';
  if (percent) number = std::string(Trim(number.substr(0, number.size() - 1)));
  double value = 0;
  try {
    value = ParseFiniteDouble(number, {});
  } catch (const Error&) {
    throw Error(ErrorKind::kUsage, fmt::format("{} \"{}\": write a percentage such as 10% or a fraction such as 0.1", option, text));
  }
  if (percent) value /= 100;
  if (!(value > 0 && value < 1))
    throw Error(ErrorKind::kUsage,
                fmt::format("{} \"{}\": the change must lie between 0 and 100 % (exclusive){}", option, text,
                            !percent && value >= 1 && value < 100 ? fmt::format("; for {} % write {}%", number, number) : ""));
  return value;
}

SensitivityResult RunSensitivity(const std::string& product_path, const StoredModel& database,
                                 const SensitivityOptions& options) {
  const double delta = options.delta;
  if (!(delta > 0 && delta < 1))
    throw Error(ErrorKind::kUsage, fmt::format("--delta {}: the change must lie between 0 and 100 % (exclusive)", FormatDouble(delta)));
  SensitivityResult result;
  const ProductFileSource source(product_path, options.limits);  // parsed once, evaluated per change
  ProductFile file = source.Read(options.parameter_overrides);
  const LinkedSystem system = LinkProduct(file, database);
  const Footprint footprint = CalculateFootprint(system, options.solver);
  const IndexEntry& indicator = system.model.indicators.At(system.method_row);
  result.product_id = file.id;
  result.product_name = file.name;
  result.declared_unit = fmt::format("{} {}", FormatDouble(file.declared_unit.amount), file.declared_unit.unit.name);
  result.indicator = indicator.id;
  result.indicator_unit = indicator.unit;
  result.delta = delta;
  result.total = footprint.lci.scores[static_cast<Eigen::Index>(system.method_row)];
  result.input_file = product_path;
  result.input_sha256 = file.sha256;
  result.db_sha256 = database.content_sha256;
  result.solver = footprint.solver;

  // Parameters: the file evaluated again with the one parameter replaced, so every formula that uses it
  // follows (amounts, prices, allocation keys, every check of the reader).
  for (const ParameterDefinition& d : file.parameter_definitions) {
    SensitivityInput input;
    input.kind = "parameter";
    input.name = d.name;
    input.where = d.where;
    input.value = file.parameters.at(d.name);
    Vary(&input, delta, result.total, [&](double factor) {
      return Try([&] {
        ParameterOverrides changed = options.parameter_overrides;
        changed[d.name] = input.value * factor;
        return Total(source.Read(changed), database, options.solver);
      });
    });
    result.inputs.push_back(std::move(input));
  }
  // Amounts: the one amount scaled, the parameters as they are.
  const std::vector<AmountRef> amounts = Amounts(file);
  for (std::size_t k = 0; k < amounts.size(); ++k) {
    const Quantity& q = *amounts[k].quantity;
    SensitivityInput input;
    input.kind = "amount";
    input.name = amounts[k].name;
    input.stage = amounts[k].stage;
    input.where = q.where;
    input.value = q.amount;
    input.unit = q.unit.name;
    Vary(&input, delta, result.total, [&](double factor) {
      return Try([&] {
        ProductFile changed = file;
        Quantity& target = *Amounts(changed)[k].quantity;
        target.amount *= factor;
        return Total(changed, database, options.solver);
      });
    });
    result.inputs.push_back(std::move(input));
  }
  // Largest effect first; equal magnitudes keep file order (stable), those not varied last.
  std::stable_sort(result.inputs.begin(), result.inputs.end(), [](const SensitivityInput& a, const SensitivityInput& b) {
    if (a.varied != b.varied) return a.varied;
    return std::fabs(a.elasticity) > std::fabs(b.elasticity);
  });

  // Allocation: every multi-output process switched to one method at a time.
  for (const ForegroundProcess& p : file.processes)
    if (p.outputs.size() > 1) result.multi_output_processes.push_back(p.id);
  if (!result.multi_output_processes.empty()) {
    for (const std::string method : {"file", "mass", "economic"}) {
      AllocationAlternative alternative;
      alternative.name = method;
      ProductFile changed = file;
      std::vector<std::string> used;
      for (ForegroundProcess& p : changed.processes) {
        if (p.outputs.size() < 2) continue;
        if (method != "file") p.allocation = method;
        used.push_back(fmt::format("{}: {}", p.id, p.allocation));
      }
      alternative.methods = fmt::format("{}", fmt::join(used, "; "));
      const Outcome outcome = method == "file" ? Outcome{true, result.total, ""} : Try([&] { return Total(changed, database, options.solver); });
      alternative.available = outcome.ok;
      alternative.total = outcome.total;
      alternative.reason = outcome.reason;
      result.allocation.push_back(std::move(alternative));
    }
  }
  return result;
}

}  // namespace pcf
