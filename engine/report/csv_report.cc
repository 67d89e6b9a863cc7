// The footprint as flat tables for spreadsheets, all in one RFC 4180 CSV file: every record starts with
// the name of its table; the first record of each table holds its column names. Numbers in shortest
// round-trip form. Layout in docs/report-formats.md.
#include <string>
#include <vector>

#include "engine/core/csv.h"
#include "engine/core/numbers.h"
#include "engine/report/render.h"

namespace pcf {

namespace {

class CsvOut {
 public:
  void Row(const std::string& table, const std::vector<std::string>& fields) {
    out_ += CsvEscape(table);
    for (const std::string& f : fields) {
      out_ += ',';
      out_ += CsvEscape(f);
    }
    out_ += "\n";
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string Num(double value) { return FormatDouble(value); }
std::string Share(double value, double total) { return total != 0 ? FormatDouble(value / total) : ""; }

void Contributions(CsvOut& csv, const ContributionNode& n, int depth, const std::string& parent_path, double total) {
  const std::string path = parent_path.empty() ? n.process : parent_path + " > " + n.process;
  csv.Row("contributions", {std::to_string(depth), path, n.process, n.product, Num(n.amount), n.unit, Num(n.total),
                            Num(n.direct), n.foreground ? "foreground" : "background", Share(n.total, total),
                            Num(n.hidden), std::to_string(n.hidden_count)});
  for (const ContributionNode& c : n.children) Contributions(csv, c, depth + 1, path, total);
}

}  // namespace

std::string FormatFootprintCsv(const FootprintReport& r) {
  const Model& m = r.system.model;
  const Footprint& fp = r.footprint;
  const auto method = static_cast<Eigen::Index>(r.system.method_row);
  const double total = fp.lci.scores[method];
  const IndexEntry& method_indicator = m.indicators.At(r.system.method_row);
  CsvOut csv;

  csv.Row("impacts", {"indicator", "name", "unit", "total", "method"});
  for (std::size_t k = 0; k < m.indicators.Size(); ++k) {
    const IndexEntry& e = m.indicators.At(k);
    csv.Row("impacts", {e.id, e.name, e.unit, Num(fp.lci.scores[static_cast<Eigen::Index>(k)]), k == r.system.method_row ? "yes" : "no"});
  }

  csv.Row("stages", {"stage", "indicator", "unit", "total", "share"});
  for (const StageImpacts& s : fp.stages)
    for (std::size_t k = 0; k < m.indicators.Size() && s.declared; ++k) {
      const auto i = static_cast<Eigen::Index>(k);
      csv.Row("stages", {s.stage, m.indicators.At(k).id, m.indicators.At(k).unit, Num(s.impacts[i]), Share(s.impacts[i], fp.lci.scores[i])});
    }

  const GasGroups& g = r.analysis.gas;
  csv.Row("gas_groups", {"group", "indicator", "unit", "total", "share"});
  for (const auto& [name, value] : {std::pair<const char*, double>{"fossil", g.fossil}, {"biogenic_emissions", g.biogenic_emissions},
                                    {"biogenic_removals", g.biogenic_removals}, {"land_use_change", g.land_use_change},
                                    {"aircraft", g.aircraft}})
    csv.Row("gas_groups", {name, method_indicator.id, method_indicator.unit, Num(value), Share(value, total)});

  csv.Row("origin", {"origin", "indicator", "unit", "total", "share"});
  for (const auto& [name, values] : {std::pair<const char*, const Eigen::VectorXd*>{"foreground", &fp.foreground},
                                     {"background", &fp.background}, {"supplier", &fp.supplier}})
    for (std::size_t k = 0; k < m.indicators.Size(); ++k) {
      const auto i = static_cast<Eigen::Index>(k);
      csv.Row("origin", {name, m.indicators.At(k).id, m.indicators.At(k).unit, Num((*values)[i]), Share((*values)[i], fp.lci.scores[i])});
    }

  // Module D apart: credits of avoided products, not part of the PCF (no share of the total).
  csv.Row("module_d", {"process", "product", "amount", "unit", "indicator", "indicator_unit", "total", "part_of_pcf"});
  for (const Credit& c : fp.credit_lines)
    for (std::size_t k = 0; k < m.indicators.Size(); ++k)
      csv.Row("module_d", {c.process_id, c.product, Num(c.amount), c.unit, m.indicators.At(k).id, m.indicators.At(k).unit,
                           Num(c.impacts[static_cast<Eigen::Index>(k)]), "no"});
  if (!fp.credit_lines.empty())
    for (std::size_t k = 0; k < m.indicators.Size(); ++k)
      csv.Row("module_d", {"total", "", "", "", m.indicators.At(k).id, m.indicators.At(k).unit,
                           Num(fp.credits[static_cast<Eigen::Index>(k)]), "no"});

  csv.Row("primary_data_share", {"indicator", "percent"});
  const auto primary = PrimaryDataShare(r.system, fp);
  csv.Row("primary_data_share", {method_indicator.id, primary ? Num(*primary) : ""});

  csv.Row("contributions", {"depth", "path", "process", "product", "amount", "unit", "total", "direct", "origin", "share",
                            "below_cutoff_total", "below_cutoff_count"});
  Contributions(csv, r.analysis.tree, 0, "", total);

  csv.Row("hotspots_processes", {"rank", "process", "indicator", "total", "share"});
  for (std::size_t i = 0; i < r.analysis.processes.size(); ++i) {
    const Hotspot& h = r.analysis.processes[i];
    csv.Row("hotspots_processes", {std::to_string(i + 1), h.id, method_indicator.id, Num(h.value), Num(h.share)});
  }
  csv.Row("hotspots_flows", {"rank", "flow", "indicator", "total", "share"});
  for (std::size_t i = 0; i < r.analysis.flows.size(); ++i) {
    const Hotspot& h = r.analysis.flows[i];
    csv.Row("hotspots_flows", {std::to_string(i + 1), h.id, method_indicator.id, Num(h.value), Num(h.share)});
  }

  csv.Row("warnings", {"code", "file", "field", "message"});
  for (const Warning& w : r.warnings) csv.Row("warnings", {w.code, w.file, w.field, w.message});

  csv.Row("inventory", {"flow", "name", "compartment", "unit", "amount"});
  for (std::size_t f = 0; f < m.flows.Size(); ++f) {
    const IndexEntry& e = m.flows.At(f);
    csv.Row("inventory", {e.id, e.name, e.compartment, e.unit, Num(fp.lci.inventory[static_cast<Eigen::Index>(f)])});
  }
  return csv.Take();
}

}  // namespace pcf
