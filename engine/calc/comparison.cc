#include "engine/calc/comparison.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/core/numbers.h"
#include "engine/model/product.h"

namespace pcf {

namespace {

const std::vector<std::string> kModuleOrder = {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4",
                                               "B5", "B6", "B7", "C1", "C2", "C3", "C4"};

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

ComparisonCase ParseScenario(const std::string& text, const std::string& product_path) {
  const std::size_t colon = text.find(':');
  const std::string name = colon == std::string::npos ? "" : std::string(Trim(text.substr(0, colon)));
  if (name.empty())
    throw Error(ErrorKind::kUsage,
                fmt::format("--scenario \"{}\": write NAME:KEY=VALUE,KEY=VALUE (e.g. low-clinker:clinker_ratio=0.7)", text));
  return {name, product_path, ParseParameterOverrides(Split(text.substr(colon + 1), ','), "--scenario " + name)};
}

Comparison CompareProducts(const std::vector<ComparisonCase>& cases, const StoredModel& database, SolveMethod solver,
                           const Limits& limits) {
  if (cases.size() < 2) throw Error(ErrorKind::kUsage, "compare needs two product files, or one with --scenario");
  Comparison out;
  std::vector<std::vector<std::pair<std::string, double>>> stages_of;
  for (const ComparisonCase& c : cases) {
    const ProductFile product = ReadProductFile(c.product_path, limits, c.overrides);
    const LinkedSystem system = LinkProduct(product, database);
    const Footprint footprint = CalculateFootprint(system, solver);
    const IndexEntry& indicator = system.model.indicators.At(system.method_row);
    if (out.rows.empty()) {
      out.indicator = indicator.id;
      out.unit = indicator.unit;
    } else if (indicator.id != out.indicator) {
      throw Error(ErrorKind::kUsage, fmt::format("{} is calculated with {}, {} with {}: totals of different indicators are not "
                                                 "comparable (set `method:` in the files)",
                                                 cases.front().product_path, out.indicator, c.product_path, indicator.id));
    }
    ComparisonRow row;
    row.label = c.label;
    row.product_path = c.product_path;
    row.product_id = product.id;
    row.product_name = product.name;
    row.declared_unit = fmt::format("{} {}", FormatDouble(product.declared_unit.amount), product.declared_unit.unit.name);
    row.overrides = c.overrides;
    const auto method = static_cast<Eigen::Index>(system.method_row);
    row.total = footprint.lci.scores[method];
    stages_of.emplace_back();
    for (const StageImpacts& s : footprint.stages)
      if (s.declared) {
        stages_of.back().push_back({s.stage, s.impacts[method]});
        if (std::find(out.stages.begin(), out.stages.end(), s.stage) == out.stages.end()) out.stages.push_back(s.stage);
      }
    if (!out.rows.empty() && row.declared_unit != out.rows.front().declared_unit) out.declared_units_differ = true;
    out.rows.push_back(std::move(row));
  }
  std::sort(out.stages.begin(), out.stages.end(), [](const std::string& a, const std::string& b) {
    return std::find(kModuleOrder.begin(), kModuleOrder.end(), a) < std::find(kModuleOrder.begin(), kModuleOrder.end(), b);
  });
  for (std::size_t r = 0; r < out.rows.size(); ++r) {
    ComparisonRow& row = out.rows[r];
    for (const std::string& stage : out.stages) {
      double value = 0;
      for (const auto& [name, v] : stages_of[r])
        if (name == stage) value += v;
      row.stages.push_back(value);
    }
    const ComparisonRow& first = out.rows.front();
    row.difference = row.total - first.total;
    if (first.total != 0) row.relative = row.difference / first.total;
    for (std::size_t k = 0; k < row.stages.size(); ++k) row.stage_differences.push_back(row.stages[k] - first.stages[k]);
  }
  return out;
}

}  // namespace pcf
