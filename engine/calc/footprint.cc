#include "engine/calc/footprint.h"

#include <algorithm>


namespace pcf {

namespace {

const char* const kModules[] = {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "B6",
                                "B7", "C1", "C2", "C3", "C4", "D"};

std::size_t ModuleIndex(const std::string& stage) {
  return static_cast<std::size_t>(std::find(std::begin(kModules), std::end(kModules), stage) - std::begin(kModules));
}

}  // namespace

Footprint CalculateFootprint(const LinkedSystem& sys, SolveMethod method) {
  const Model& m = sys.model;
  const Factorization lu = [&] {
    try {
      return FactorizeTechnosphere(m, method);
    } catch (const Error& e) {
      // Point at the first foreground process the message names: that is where the loop is written.
      for (const ForegroundColumn& c : sys.foreground)
        if (e.message().find("\"" + c.process_id + "\"") != std::string::npos) throw Error(e.kind(), e.message(), c.where);
      throw;
    }
  }();
  Footprint fp;
  fp.solver = SolveMethodName(lu.method());
  fp.lci = CalculateLci(m, lu, sys.demand);
  // Cradle-to-gate scores of one unit of every product: the upstream total of any input.
  SolveReport scores_report;
  fp.per_unit = ProductScores(m, lu, &scores_report);
  fp.lci.backward_error = std::max(fp.lci.backward_error, scores_report.backward_error);
  fp.lci.refinement_steps += scores_report.refinement_steps;
  fp.condition_warning = ConditionWarning(m, lu);
  const Eigen::MatrixXd& per_unit = fp.per_unit;
  const Eigen::Index k = static_cast<Eigen::Index>(m.indicators.Size());
  fp.foreground = fp.background = fp.supplier = fp.credits = Eigen::VectorXd::Zero(k);
  // Secondary data: lines whose activity data are estimates (`primary: false`), and the part of supplier
  // footprints their suppliers do not declare primary.
  Eigen::VectorXd secondary = Eigen::VectorXd::Zero(k);
  std::vector<Eigen::VectorXd> by_module(std::size(kModules), Eigen::VectorXd::Zero(k));
  std::vector<bool> used(std::size(kModules), false);
  for (const ForegroundColumn& c : sys.foreground) used[ModuleIndex(c.stage)] = true;

  // Line by line, each in its own stage. Foreground products are skipped: their impacts are counted in
  // the lines of the columns that make them. Outside inputs carry their whole upstream.
  for (const ForegroundLine& line : sys.lines) {
    const double s = fp.lci.supply[static_cast<Eigen::Index>(line.column)];
    const std::size_t module = ModuleIndex(line.stage);
    used[module] = true;
    if (line.kind == LineKind::kEmission) {
      const Eigen::VectorXd own = Eigen::VectorXd(m.characterization.col(static_cast<Eigen::Index>(line.row))) * line.amount * s;
      fp.foreground += own;
      by_module[module] += own;
      if (!line.primary) secondary += own;
      continue;
    }
    if (line.row >= sys.foreground_product_begin) continue;
    const Eigen::VectorXd upstream = -line.amount * s * per_unit.row(static_cast<Eigen::Index>(line.row)).transpose();
    if (line.kind == LineKind::kAvoided) {  // module D: not in the declared footprint
      fp.credits += upstream;
      by_module[module] += upstream;
      const IndexEntry& product = m.products.At(line.row);
      fp.credit_lines.push_back({sys.foreground[line.column - sys.foreground_begin].process_id, product.id,
                                 product.unit, line.amount * s, upstream});
      continue;
    }
    by_module[module] += upstream;
    if (line.row >= sys.supplier_begin) {
      fp.supplier += upstream;
      secondary += line.primary ? Eigen::VectorXd(upstream * (1 - sys.suppliers[line.row - sys.supplier_begin].primary_data_share / 100))
                                : upstream;
    } else {
      fp.background += upstream;
      if (!line.primary) secondary += upstream;
    }
  }
  // Primary = declared total − secondary data (exactly the total when every line is measured and no supplier is used).
  fp.primary = fp.lci.scores - secondary;
  for (std::size_t i = 0; i < std::size(kModules); ++i)
    if (used[i]) fp.stages.push_back({kModules[i], by_module[i], std::string(kModules[i]) != "D"});
  return fp;
}

std::optional<double> PrimaryDataShare(const LinkedSystem& sys, const Footprint& fp) {
  const auto method = static_cast<Eigen::Index>(sys.method_row);
  const double total = fp.lci.scores[method];
  if (!(total > 0)) return std::nullopt;
  return std::clamp(100 * fp.primary[method] / total, 0.0, 100.0);
}

}  // namespace pcf
