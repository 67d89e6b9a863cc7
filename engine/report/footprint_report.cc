#include "engine/report/footprint_report.h"

#include <fmt/format.h>

#include "engine/calc/data_quality.h"
#include "engine/core/numbers.h"
#include "engine/report/json_writer.h"

namespace pcf {

namespace {

void WriteByIndicator(JsonWriter& w, const Model& m, const Eigen::VectorXd& values) {
  w.BeginObject();
  for (std::size_t k = 0; k < m.indicators.Size(); ++k) w.Field(m.indicators.At(k).id, values[static_cast<Eigen::Index>(k)]);
  w.EndObject();
}

}  // namespace

void WriteNode(JsonWriter& w, const ContributionNode& n) {
  w.BeginObject().Field("process", n.process).Field("product", n.product).Field("amount", n.amount).Field("unit", n.unit);
  w.Field("total", n.total).Field("direct", n.direct).Key("foreground").Bool(n.foreground);
  if (n.hidden_count > 0) w.Key("below_cutoff").BeginObject().Field("total", n.hidden).Key("count").Integer(n.hidden_count).EndObject();
  if (!n.children.empty()) {
    w.Key("children").BeginArray();
    for (const ContributionNode& c : n.children) WriteNode(w, c);
    w.EndArray();
  }
  w.EndObject();
}

void WriteHotspots(JsonWriter& w, const char* key, const char* id_key, const std::vector<Hotspot>& list) {
  w.Key(key).BeginArray();
  for (const Hotspot& h : list) w.BeginObject().Field(id_key, h.id).Field("total", h.value).Field("share", h.share).EndObject();
  w.EndArray();
}

namespace {

// `uncertainty` (docs/result-json.md): the Monte Carlo distribution of the total and of each stage.
void WriteSummary(JsonWriter& w, const DistributionSummary& s) {
  w.Field("mean", s.mean).Field("sd", s.sd).Field("median", s.median).Field("p2_5", s.p2_5).Field("p5", s.p5);
  w.Field("p95", s.p95).Field("p97_5", s.p97_5);
}

void WriteUncertainty(JsonWriter& w, const MonteCarloResult& mc) {
  w.Key("uncertainty").BeginObject().Field("method", "monte carlo");
  w.Key("n").Integer(static_cast<long long>(mc.draws)).Key("seed").Integer(static_cast<long long>(mc.seed));
  w.Key("uncertain_values").BeginObject().Key("product_file").Integer(static_cast<long long>(mc.uncertain_foreground));
  w.Key("database").Integer(static_cast<long long>(mc.uncertain_background)).EndObject();
  w.Key("total").BeginObject();
  WriteSummary(w, mc.total);
  w.EndObject().Key("stages").BeginArray();
  for (std::size_t i = 0; i < mc.stages.size(); ++i) {
    w.BeginObject().Field("stage", mc.stages[i]).Key("declared").Bool(mc.declared[i]);
    WriteSummary(w, mc.stage_summaries[i]);
    w.EndObject();
  }
  w.EndArray();
  // What drives it (docs/uncertainty.md): the method, the regression's R², the top inputs.
  const VarianceContributions& c = mc.contributions;
  w.Field("contribution_method", c.method).Field("r_squared", c.r_squared).Key("contributions").BeginArray();
  for (const VarianceContribution& v : c.top)
    w.BeginObject().Field("input", v.input).Field("kind", v.kind).Field("share", v.share)
        .Field(c.method == "src" ? "src" : "rho", v.coefficient).EndObject();
  w.EndArray().EndObject();
}

// `dqr` (docs/result-json.md, docs/data-quality.md): the result's data quality rating and every input's.
void WriteDqr(JsonWriter& w, const DataQuality& dq) {
  w.Key("dqr").BeginObject().Field("weighting", "absolute contribution to the declared total");
  w.Key("reference_year");
  if (dq.reference_year > 0) w.Integer(dq.reference_year);
  else w.Null();
  for (std::size_t k = 0; k < 5; ++k) {
    w.Key(kDqrAspectNames[k]);
    if (dq.result) w.Number((*dq.result)[k]);
    else w.Null();
  }
  w.Key("inputs").BeginArray();
  for (const InputDqr& d : dq.inputs) {
    w.BeginObject().Field("process", d.process).Field("kind", d.kind).Field("ref", d.ref).Field("stage", d.stage);
    w.Field("contribution", d.contribution).Field("weight", d.weight);
    for (std::size_t k = 0; k < 5; ++k) w.Field(kDqrAspectNames[k], d.ratings[k]);
    w.Key("stated").BeginArray();
    for (std::size_t k = 0; k < 5; ++k)
      if (d.stated[k]) w.String(kDqrAspectNames[k]);
    w.EndArray().Field("basis", d.basis).EndObject();
  }
  w.EndArray().EndObject();
}

}  // namespace

std::string FormatFootprintJson(const FootprintReport& r) {
  const ProductFile& p = r.product;
  const LinkedSystem& sys = r.system;
  const Footprint& fp = r.footprint;
  const CalcManifest& manifest = r.manifest;
  const Model& m = sys.model;
  const auto method = static_cast<Eigen::Index>(sys.method_row);
  JsonWriter w;
  w.BeginObject();
  WriteLciSections(w, m, fp.lci);
  w.Key("product").BeginObject();
  w.Field("id", p.id).Field("name", p.name).Field("name_zh", p.name_zh).Field("company", p.company);
  w.Field("site", p.site).Field("geography", p.geography);
  w.Key("declared_unit").BeginObject().Field("amount", p.declared_unit.amount).Field("unit", p.declared_unit.unit.name).EndObject();
  w.Field("reference_period", p.reference_period).Field("system_boundary", p.system_boundary).Field("pcr", p.pcr);
  for (const auto& [key, ids] : {std::pair<const char*, const std::vector<std::string>*>{"company_ids", &p.company_ids},
                                 {"product_ids", &p.product_ids}, {"preceding_pf_ids", &p.preceding_pf_ids}}) {
    w.Key(key).BeginArray();
    for (const std::string& id : *ids) w.String(id);
    w.EndArray();
  }
  for (const auto& [key, q] : {std::pair<const char*, const std::optional<Quantity>*>{"product_mass", &p.product_mass},
                               {"biogenic_carbon_content", &p.biogenic_carbon_content}}) {
    w.Key(key);
    if (*q) w.BeginObject().Field("amount", (*q)->amount).Field("unit", (*q)->unit.name).EndObject();
    else w.Null();
  }
  w.Field("kind", p.kind);
  w.EndObject();
  const IndexEntry& indicator = m.indicators.At(sys.method_row);
  w.Key("method").BeginObject().Field("indicator", indicator.id).Field("name", indicator.name).Field("unit", indicator.unit);
  w.Field("total", fp.lci.scores[method]).EndObject();
  w.Key("stages").BeginArray();
  for (const StageImpacts& s : fp.stages) {
    w.BeginObject().Field("stage", s.stage).Field("total", s.impacts[method]).Key("declared").Bool(s.declared);
    w.Key("by_indicator");
    WriteByIndicator(w, m, s.impacts);
    w.EndObject();
  }
  w.EndArray();
  w.Key("split").BeginObject();
  for (const auto& [name, values] : {std::pair<const char*, const Eigen::VectorXd*>{"foreground", &fp.foreground},
                                     {"background", &fp.background}, {"supplier", &fp.supplier}}) {
    w.Key(name).BeginObject().Field("total", (*values)[method]).Key("by_indicator");
    WriteByIndicator(w, m, *values);
    w.EndObject();
  }
  w.EndObject();
  // Module D: the credits of avoided products, apart from the declared footprint (never in a total).
  w.Key("module_d").BeginObject().Key("part_of_pcf").Bool(false).Field("total", fp.credits[method]).Key("by_indicator");
  WriteByIndicator(w, m, fp.credits);
  w.Key("credits").BeginArray();
  for (const Credit& c : fp.credit_lines)
    w.BeginObject().Field("process", c.process_id).Field("product", c.product).Field("amount", c.amount).Field("unit", c.unit)
        .Field("total", c.impacts[method]).EndObject();
  w.EndArray().EndObject();
  w.Key("primary_data_share");
  if (const auto share = PrimaryDataShare(sys, fp)) w.Number(*share);
  else w.Null();
  w.Key("allocation").BeginArray();
  for (const AllocationRecord& a : sys.allocations) {
    w.BeginObject().Field("process", a.process_id).Field("method", a.method).Key("factors").BeginObject();
    for (const auto& [product, factor] : a.factors) w.Field(product, factor);
    w.EndObject().EndObject();
  }
  w.EndArray();
  w.Key("suppliers").BeginArray();
  for (const SupplierRecord& s : sys.suppliers) {
    w.BeginObject().Field("file", s.file).Field("sha256", s.sha256).Field("product", s.product_name);
    w.Field("company", s.company).Field("spec_version", s.spec_version).Field("declared_unit", s.declared_unit);
    w.Field("pcf_excluding_biogenic_uptake", s.pcf_per_declared_unit);
    w.Field("pact_declared_unit", s.pact_unit).Field("declared_unit_amount", s.declared_amount);
    w.Field("pcf_as_written", s.pcf_as_written).Field("status", s.status).EndObject();
  }
  w.EndArray();
  w.Key("warnings").BeginArray();
  for (const Warning& x : r.warnings)
    w.BeginObject().Field("code", x.code).Field("file", x.file).Field("field", x.field).Field("message", x.message).EndObject();
  w.EndArray();
  w.Key("parameters").BeginObject();
  for (const auto& [name, value] : p.parameters) w.Field(name, value);
  w.EndObject();
  const GasGroups& g = r.analysis.gas;
  w.Key("gas_groups").BeginObject().Field("fossil", g.fossil).Field("biogenic_emissions", g.biogenic_emissions);
  w.Field("biogenic_removals", g.biogenic_removals).Field("land_use_change", g.land_use_change).Field("aircraft", g.aircraft);
  w.EndObject();
  w.Key("contributions").BeginObject().Field("cutoff_percent", 100 * r.analysis.cutoff).Key("tree");
  WriteNode(w, r.analysis.tree);
  w.EndObject();
  w.Key("hotspots").BeginObject();
  WriteHotspots(w, "processes", "process", r.analysis.processes);
  WriteHotspots(w, "flows", "flow", r.analysis.flows);
  w.EndObject();
  WriteDqr(w, AssessDataQuality(p, sys, fp, r.database_info));
  if (r.monte_carlo) WriteUncertainty(w, *r.monte_carlo);
  WriteManifest(w, manifest);
  w.EndObject();
  return w.Finish();
}

std::string FormatMonteCarloDrawsCsv(const MonteCarloResult& mc) {
  std::string out = "draw,total";
  for (const std::string& stage : mc.stages) {
    out += ',';
    out += stage;
  }
  out += "\n";
  for (std::size_t k = 0; k < mc.totals.size(); ++k) {
    out += fmt::format("{},{}", k + 1, FormatDouble(mc.totals[k]));
    for (const std::vector<double>& d : mc.stage_draws) {
      out += ',';
      out += FormatDouble(d[k]);
    }
    out += "\n";
  }
  return out;
}

std::string FormatFootprintText(const FootprintReport& r) {
  const ProductFile& p = r.product;
  const LinkedSystem& sys = r.system;
  const Footprint& fp = r.footprint;
  const CalcManifest& manifest = r.manifest;
  const Model& m = sys.model;
  const auto method = static_cast<Eigen::Index>(sys.method_row);
  const IndexEntry& indicator = m.indicators.At(sys.method_row);
  const double total = fp.lci.scores[method];
  auto share = [&](double v) { return total != 0 ? fmt::format("{:5.1f} %", 100 * v / total) : std::string("    –"); };
  std::string out = fmt::format("{}{}\n", p.name, p.name_zh.empty() ? "" : " / " + p.name_zh);
  out += fmt::format("  {} · {} · {} · declared unit {} {}\n", p.company, p.geography, p.system_boundary,
                     HumanNumber(p.declared_unit.amount), p.declared_unit.unit.name);
  // Rounded for reading; neighbours in the summary that differ keep the digits that tell them apart.
  std::vector<double> shown = {total, fp.foreground[method], fp.background[method], fp.supplier[method]};
  for (const StageImpacts& s : fp.stages) shown.push_back(s.impacts[method]);
  auto human = [&](double v) { return HumanNumberAmong(v, shown); };
  out += fmt::format("  {} ({}): {} {}\n", indicator.id, indicator.name, human(total), indicator.unit);
  if (!manifest.overrides.empty()) {  // a what-if run (--set): say so next to the figure it changes
    out += "  what-if (--set):";
    for (const auto& [name, value] : manifest.overrides) out += fmt::format(" {} = {}", name, FormatDouble(value));
    out += "\n";
  }
  out += "  by stage:\n";
  for (const StageImpacts& s : fp.stages)
    if (s.declared)
      out += fmt::format("    {:<3} {:>16} {}  {}\n", s.stage, human(s.impacts[method]), indicator.unit, share(s.impacts[method]));
  out += "  by origin:\n";
  out += fmt::format("    foreground (own processes) {:>16} {}  {}\n", human(fp.foreground[method]), indicator.unit, share(fp.foreground[method]));
  out += fmt::format("    background (database)      {:>16} {}  {}\n", human(fp.background[method]), indicator.unit, share(fp.background[method]));
  if (!sys.suppliers.empty())
    out += fmt::format("    supplier footprints        {:>16} {}  {}\n", human(fp.supplier[method]), indicator.unit, share(fp.supplier[method]));
  if (!fp.credit_lines.empty())
    out += fmt::format("  module D, credits of avoided products (not part of the PCF): {} {}\n", human(fp.credits[method]),
                       indicator.unit);
  const auto primary = PrimaryDataShare(sys, fp);
  out += fmt::format("  primary data share: {}\n", primary ? fmt::format("{:.1f} %", *primary) : std::string("–"));
  if (const DataQuality dq = AssessDataQuality(p, sys, fp, r.database_info); dq.result)
    out += fmt::format("  data quality (1 best … 5): technological {:.2f}, geographical {:.2f}, temporal {:.2f}\n",
                       (*dq.result)[kTechnological], (*dq.result)[kGeographical], (*dq.result)[kTemporal]);
  for (std::size_t k = 0; k < m.indicators.Size(); ++k)
    if (k != sys.method_row)
      out += fmt::format("  {}: {} {}\n", m.indicators.At(k).id, HumanNumber(fp.lci.scores[static_cast<Eigen::Index>(k)]),
                         m.indicators.At(k).unit);
  for (const AllocationRecord& a : sys.allocations) {
    out += fmt::format("  allocation of \"{}\" ({}):", a.process_id, a.method);
    for (const auto& [product, factor] : a.factors) out += fmt::format(" {} {}", product, HumanNumber(factor));
    out += "\n";
  }
  out += fmt::format("  database {} {} (sha256 {}…), residual {}\n", manifest.db_name, manifest.db_version,
                     manifest.db_sha256.substr(0, 12), HumanNumber(manifest.residual, 2));
  if (r.monte_carlo) {
    const MonteCarloResult& mc = *r.monte_carlo;
    out += fmt::format("  95 % interval (Monte Carlo, {} draws, seed {}): {} – {} {} (median {}, mean {}, sd {})\n", mc.draws,
                       mc.seed, HumanNumber(mc.total.p2_5), HumanNumber(mc.total.p97_5), indicator.unit,
                       HumanNumber(mc.total.median), HumanNumber(mc.total.mean), HumanNumber(mc.total.sd));
    const VarianceContributions& c = mc.contributions;
    if (!c.top.empty()) {
      out += c.method == "src"
                 ? fmt::format("  what drives it (share of the variance, squared standardized regression coefficients, R² {}):\n",
                               HumanNumber(c.r_squared, 2))
                 : fmt::format("  what drives it (share of Σρ², Spearman rank correlation; the regression's R² {} is below 0.7):\n",
                               HumanNumber(c.r_squared, 2));
      for (std::size_t i = 0; i < c.top.size() && i < 5; ++i)
        out += fmt::format("    {:>5.1f} %  {}\n", 100 * c.top[i].share, c.top[i].input);
    }
  }
  for (const Warning& w : r.warnings) out += "  warning: " + WarningLine(w) + "\n";
  return out;
}

}  // namespace pcf
