#include "engine/calc/analysis.h"

#include <algorithm>
#include <cmath>

namespace pcf {

namespace {

constexpr int kMaxDepth = 12;

class TreeBuilder {
 public:
  TreeBuilder(const LinkedSystem& sys, const Eigen::MatrixXd& per_unit, const SparseMatrix& direct, double limit)
      : sys_(sys), per_unit_(per_unit), direct_(direct), limit_(limit) {
    const Model& m = sys.model;
    // The provider of every product: the database's and suppliers' processes sit on the product's own
    // position; a foreground column provides its output.
    provider_.assign(m.products.Size(), -1);
    for (std::size_t k = 0; k < sys.foreground_begin && k < m.products.Size(); ++k) provider_[k] = static_cast<int>(k);
    for (std::size_t f = 0; f < sys.foreground.size(); ++f)
      if (auto row = m.products.Find(sys.foreground[f].output_product))
        if (provider_[*row] < 0) provider_[*row] = static_cast<int>(sys.foreground_begin + f);
  }

  ContributionNode Node(std::size_t row, double amount, int depth) const {
    const Model& m = sys_.model;
    const auto method = static_cast<Eigen::Index>(sys_.method_row);
    ContributionNode node;
    node.product = m.products.At(row).id;
    node.unit = m.products.At(row).unit;
    node.amount = amount;
    node.total = amount * per_unit_(static_cast<Eigen::Index>(row), method);
    const int column = provider_[row];
    if (column < 0) return node;
    node.process = m.processes.At(static_cast<std::size_t>(column)).id;
    node.foreground = static_cast<std::size_t>(column) >= sys_.foreground_begin;
    const double output = m.technosphere.coeff(static_cast<Eigen::Index>(row), column);
    if (output == 0) return node;
    const double scale = amount / output;
    node.direct = direct_.coeff(method, column) * scale;
    if (depth >= kMaxDepth) return node;
    for (SparseMatrix::InnerIterator it(m.technosphere, column); it; ++it) {
      if (static_cast<std::size_t>(it.row()) == row || it.value() == 0) continue;
      ContributionNode child = Node(static_cast<std::size_t>(it.row()), -it.value() * scale, depth + 1);
      if (std::fabs(child.total) < limit_) {
        node.hidden += child.total;
        ++node.hidden_count;
        continue;
      }
      node.children.push_back(std::move(child));
    }
    std::sort(node.children.begin(), node.children.end(),
              [](const ContributionNode& a, const ContributionNode& b) { return std::fabs(a.total) > std::fabs(b.total); });
    return node;
  }

 private:
  const LinkedSystem& sys_;
  const Eigen::MatrixXd& per_unit_;
  const SparseMatrix& direct_;
  double limit_;
  std::vector<int> provider_;
};

std::vector<Hotspot> Top(std::vector<Hotspot> all, double total, std::size_t top) {
  for (Hotspot& h : all) h.share = total != 0 ? h.value / total : 0;
  std::sort(all.begin(), all.end(), [](const Hotspot& a, const Hotspot& b) { return std::fabs(a.value) > std::fabs(b.value); });
  all.erase(std::remove_if(all.begin(), all.end(), [](const Hotspot& h) { return h.value == 0; }), all.end());
  if (all.size() > top) all.resize(top);
  return all;
}

}  // namespace

Analysis Analyze(const LinkedSystem& sys, const Footprint& fp, double cutoff, std::size_t top) {
  const Model& m = sys.model;
  const auto method = static_cast<Eigen::Index>(sys.method_row);
  const double total = fp.lci.scores[method];
  Analysis a;
  a.cutoff = cutoff;

  // Gas groups: the characterized inventory, flow by flow.
  std::vector<Hotspot> flows;
  for (std::size_t f = 0; f < m.flows.Size(); ++f) {
    const double value = m.characterization.coeff(method, static_cast<Eigen::Index>(f)) * fp.lci.inventory[static_cast<Eigen::Index>(f)];
    const std::string& id = m.flows.At(f).id;
    if (id == "CO2, biogenic uptake") a.gas.biogenic_removals += value;
    else if (id == "CO2, biogenic" || id == "CH4, biogenic") a.gas.biogenic_emissions += value;
    else if (id == "CO2, land use change") a.gas.land_use_change += value;
    else if (id == "CO2, fossil, aircraft") a.gas.aircraft += value;
    else a.gas.fossil += value;
    flows.push_back({id, value, 0});
  }
  a.flows = Top(std::move(flows), total, top);

  const SparseMatrix direct = m.characterization * m.interventions;
  std::vector<Hotspot> processes;
  for (int j = 0; j < direct.outerSize(); ++j)
    processes.push_back({m.processes.At(static_cast<std::size_t>(j)).id, direct.coeff(method, j) * fp.lci.supply[j], 0});
  a.processes = Top(std::move(processes), total, top);

  TreeBuilder builder(sys, fp.per_unit, direct, cutoff * std::fabs(total));
  a.tree = builder.Node(sys.reference_row, sys.demand[static_cast<Eigen::Index>(sys.reference_row)], 0);
  return a;
}

}  // namespace pcf
