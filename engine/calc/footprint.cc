#include "engine/calc/footprint.h"

#include <algorithm>


namespace pcf {

namespace {

const char* const kModules[] = {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "B6",
                                "B7", "C1", "C2", "C3", "C4", "D"};

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
  fp.per_unit = ProductScores(m, lu);
  const Eigen::MatrixXd& per_unit = fp.per_unit;
  const SparseMatrix direct = m.characterization * m.interventions;  // indicators × processes
  const Eigen::Index k = static_cast<Eigen::Index>(m.indicators.Size());
  fp.foreground = fp.background = fp.supplier = Eigen::VectorXd::Zero(k);
  std::vector<Eigen::VectorXd> by_module(std::size(kModules), Eigen::VectorXd::Zero(k));

  for (std::size_t f = 0; f < sys.foreground.size(); ++f) {
    const int column = static_cast<int>(sys.foreground_begin + f);
    const double s = fp.lci.supply[column];
    const auto module = std::find(std::begin(kModules), std::end(kModules), sys.foreground[f].stage) - std::begin(kModules);
    Eigen::VectorXd own = Eigen::VectorXd(direct.col(column)) * s;
    fp.foreground += own;
    by_module[static_cast<std::size_t>(module)] += own;
    // Inputs from outside the foreground carry their whole upstream (negative entries: inputs; positive
    // entries on a database row: avoided products, credited).
    for (SparseMatrix::InnerIterator it(m.technosphere, column); it; ++it) {
      const auto row = static_cast<std::size_t>(it.row());
      if (row >= sys.foreground_product_begin) continue;
      const Eigen::VectorXd upstream = -it.value() * s * per_unit.row(it.row()).transpose();
      (row >= sys.supplier_begin ? fp.supplier : fp.background) += upstream;
      by_module[static_cast<std::size_t>(module)] += upstream;
    }
  }
  for (std::size_t i = 0; i < std::size(kModules); ++i) {
    bool used = false;
    for (const ForegroundColumn& c : sys.foreground) used |= c.stage == kModules[i];
    if (used) fp.stages.push_back({kModules[i], by_module[i]});
  }
  return fp;
}

}  // namespace pcf
