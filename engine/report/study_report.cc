#include "engine/report/study_report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/calc/data_quality.h"
#include "engine/core/numbers.h"
#include "engine/report/labels.h"

namespace pcf {

namespace {

constexpr const char* kModules[] = {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4",
                                    "B5", "B6", "B7", "C1", "C2", "C3", "C4", "D"};

// A label's text with its `…` spans marked as code.
std::string S(Label label, Language language) {
  std::string out;
  bool open = false;
  for (char c : Tr(label, language)) {
    if (c == '`') {
      out += open ? kCodeEnd : kCodeBegin;
      open = !open;
    } else {
      out += c;
    }
  }
  return out;
}

// A label with {} placeholders filled in.
template <class... Args>
std::string Fill(Label label, Language language, Args&&... args) {
  return fmt::format(fmt::runtime(S(label, language)), std::forward<Args>(args)...);
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

// "A4–A5, B1–B7, C1–C4, D": runs of consecutive modules of one letter.
std::string ModuleRanges(const std::vector<std::string>& modules) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < modules.size()) {
    std::size_t j = i;
    auto index = [](const std::string& m) {
      for (std::size_t k = 0; k < std::size(kModules); ++k)
        if (m == kModules[k]) return static_cast<int>(k);
      return -100;
    };
    while (j + 1 < modules.size() && modules[j + 1][0] == modules[i][0] && index(modules[j + 1]) == index(modules[j]) + 1) ++j;
    parts.push_back(j == i ? modules[i] : modules[i] + "–" + modules[j]);
    i = j + 1;
  }
  return Join(parts, ", ");
}

// "IPCC AR6, GWP100" from an indicator's id or name, "" when it names no assessment report.
std::string GwpSet(const IndexEntry& indicator) {
  for (const std::string* text : {&indicator.id, &indicator.name}) {
    const auto at = text->find("AR");
    if (at != std::string::npos && at + 2 < text->size() && std::isdigit(static_cast<unsigned char>((*text)[at + 2])))
      return fmt::format("IPCC {}, GWP100", text->substr(at, 3));
  }
  return "";
}

ReportBlock Paragraph(std::string text) {
  ReportBlock b;
  b.kind = BlockKind::kParagraph;
  b.text = std::move(text);
  return b;
}

ReportBlock Heading(std::string text) {
  ReportBlock b;
  b.kind = BlockKind::kHeading;
  b.text = std::move(text);
  return b;
}

ReportBlock Fields(std::vector<std::pair<std::string, std::string>> fields) {
  ReportBlock b;
  b.kind = BlockKind::kFields;
  b.fields = std::move(fields);
  return b;
}

ReportBlock Table(ReportTable table) {
  ReportBlock b;
  b.kind = BlockKind::kTable;
  b.table = std::move(table);
  return b;
}

ReportBlock Bullets(std::vector<std::string> items) {
  ReportBlock b;
  b.kind = BlockKind::kBullets;
  b.items = std::move(items);
  return b;
}

class Builder {
 public:
  Builder(const FootprintReport& r, Language language)
      : r_(r), lang_(language), m_(r.system.model), method_(static_cast<Eigen::Index>(r.system.method_row)),
        indicator_(m_.indicators.At(r.system.method_row)), total_(r.footprint.lci.scores[method_]) {
    const Footprint& fp = r.footprint;
    figures_ = {total_, fp.foreground[method_], fp.background[method_], fp.supplier[method_], r.analysis.gas.fossil,
                r.analysis.gas.biogenic_emissions, r.analysis.gas.biogenic_removals, r.analysis.gas.land_use_change,
                r.analysis.gas.aircraft};
    for (const StageImpacts& st : fp.stages) figures_.push_back(st.impacts[method_]);
  }

  StudyReport Build() {
    out_.language = lang_;
    out_.title = S(Label::kReportTitle, lang_);
    out_.subtitle = S(Label::kReportSubtitle, lang_);
    const ProductFile& p = r_.product;
    const std::string name = lang_ == Language::kChinese && !p.name_zh.empty() ? p.name_zh : p.name;
    out_.product_line = fmt::format("{} — {}", name.empty() ? p.id : name, p.company);
    out_.headline_label = S(Label::kResultAtAGlance, lang_);
    out_.headline_value = Value(total_);
    out_.headline_unit = fmt::format("{} ({} {})", S(Full() ? Label::kPerFunctionalUnit : Label::kPerDeclaredUnit, lang_),
                                     HumanNumber(p.declared_unit.amount), p.declared_unit.unit.name);
    out_.headline_exact = fmt::format("{}: {} {}", S(Label::kTotalExact, lang_), FormatDouble(total_), indicator_.unit);
    ProductSection();
    GoalScopeSection();
    MethodsSection();
    DataSection();
    AllocationSection();
    CutoffSection();
    ResultsSections();
    ContributionSections();
    LimitationsSection();
    ManifestSection();
    return std::move(out_);
  }

 private:
  bool Full() const { return r_.product.system_boundary == "cradle-to-grave"; }
  // Every number a person reads here: 4 significant digits, more where it would print like another of the
  // result figures (total, stages, origins, gas groups) of a different value. Hides pcf::HumanNumber in Builder.
  std::string HumanNumber(double v) const { return HumanNumberAmong(v, figures_); }
  std::string Value(double v) const { return HumanNumber(v) + " " + indicator_.unit; }
  std::string Share(double v) const { return total_ != 0 ? HumanShare(v / total_) : "–"; }

  ReportSection& Add(std::string anchor, Label title, int level = 2) {
    ReportSection s;
    s.anchor = std::move(anchor);
    s.title = S(title, lang_);
    s.level = level;
    if (level == 2) {
      ++major_;
      minor_ = 0;
      s.number = std::to_string(major_);
    } else {
      s.number = fmt::format("{}.{}", major_, ++minor_);
    }
    out_.sections.push_back(std::move(s));
    return out_.sections.back();
  }

  void ProductSection() {
    const ProductFile& p = r_.product;
    ReportSection& s = Add("product", Label::kSecProduct);
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kProductName, lang_), p.name.empty() ? p.id : p.name});
    if (!p.name_zh.empty()) f.push_back({S(Label::kProductNameZh, lang_), p.name_zh});
    f.push_back({S(Label::kProductId, lang_), Code(p.id)});
    f.push_back({S(Label::kCompany, lang_), p.company.empty() ? S(Label::kNotGiven, lang_) : p.company});
    if (!p.site.empty()) f.push_back({S(Label::kSite, lang_), p.site});
    f.push_back({S(Label::kGeography, lang_), p.geography.empty() ? S(Label::kNotGiven, lang_) : p.geography});
    s.blocks.push_back(Fields(std::move(f)));
  }

  void GoalScopeSection() {
    const ProductFile& p = r_.product;
    const Footprint& fp = r_.footprint;
    ReportSection& s = Add("goal-scope", Label::kSecGoalScope);
    const std::string type = S(Full() ? Label::kFullCfp : Label::kPartialCfp, lang_);
    s.blocks.push_back(Paragraph(Fill(Label::kGoalText, lang_, type)));
    // The boundary is what the stages of the processes and lines actually include; module D (credits)
    // is reported apart, never as part of it.
    std::vector<std::string> included, excluded;
    bool module_d = false;
    for (const StageImpacts& st : fp.stages) {
      if (st.declared) included.push_back(st.stage);
      else module_d = true;
    }
    for (const char* module : kModules)
      if (std::find(included.begin(), included.end(), module) == included.end() && !(module_d && std::string(module) == "D"))
        excluded.push_back(module);
    std::string included_text = included.empty() ? S(Label::kNone, lang_) : ModuleRanges(included);
    if (module_d) included_text += (lang_ == Language::kChinese ? "；" : "; ") + S(Label::kStageDApart, lang_);
    const std::string unit = fmt::format("{} {}", HumanNumber(p.declared_unit.amount), p.declared_unit.unit.name);
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kStudyType, lang_), type});
    f.push_back({S(Full() ? Label::kFunctionalUnit : Label::kDeclaredUnit, lang_),
                 fmt::format("{} {}", unit, p.name.empty() ? p.id : p.name)});
    f.push_back({S(Label::kReferenceFlow, lang_), fmt::format("{} {}", unit, Code(p.id))});
    f.push_back({S(Label::kSystemBoundary, lang_), SystemBoundaryName(p.system_boundary, lang_, ModuleRanges(included))});
    f.push_back({S(Label::kStagesIncluded, lang_), included_text});
    f.push_back({S(Label::kStagesExcluded, lang_), excluded.empty() ? S(Label::kNone, lang_) : ModuleRanges(excluded)});
    f.push_back({S(Label::kReferencePeriod, lang_), p.reference_period.empty() ? S(Label::kNotGiven, lang_) : p.reference_period});
    f.push_back({S(Label::kPcr, lang_), p.pcr.empty() ? S(Label::kNotGiven, lang_) : p.pcr});
    std::vector<std::string> later;
    for (const std::string& m : included)
      if (m[0] == 'B' || m[0] == 'C') later.push_back(m);
    f.push_back({S(Label::kUseEolScenarios, lang_), later.empty() ? S(Label::kUseEolNotApplicable, lang_)
                                                                  : Fill(Label::kUseEolModelled, lang_, Join(later, ", "))});
    s.blocks.push_back(Fields(std::move(f)));
    s.blocks.push_back(Heading(S(Label::kUnitProcesses, lang_)));
    ReportTable t;
    t.header = {S(Label::kProcess, lang_), S(Label::kName, lang_), S(Label::kStage, lang_)};
    t.numeric = {false, false, false};
    for (const ForegroundProcess& fpr : p.processes) {
      // Lines with a stage of their own are named after the process's stage ("A3 …; lines also in A1, A2").
      std::vector<std::string> own;
      auto note = [&](const std::string& stage) {
        if (!stage.empty() && stage != fpr.stage && std::find(own.begin(), own.end(), stage) == own.end()) own.push_back(stage);
      };
      for (const auto* list : {&fpr.inputs, &fpr.waste})
        for (const ProductInput& in : *list) note(in.stage);
      for (const ProductEmission& e : fpr.emissions) note(e.stage);
      for (const TransportLeg& leg : fpr.transport) note(leg.stage);
      std::sort(own.begin(), own.end());
      std::string stage = fmt::format("{} {}", fpr.stage, StageDescription(fpr.stage, lang_));
      if (!own.empty()) stage += Fill(Label::kLineStages, lang_, Join(own, ", "));
      t.rows.push_back({fpr.id, fpr.name, stage});
    }
    s.blocks.push_back(Table(std::move(t)));
  }

  void MethodsSection() {
    ReportSection& s = Add("methods", Label::kSecMethods);
    const CalcManifest& mf = r_.manifest;
    const std::string gwp = GwpSet(indicator_);
    // The greenhouse gases of the inventory the indicator counts.
    std::vector<std::string> gases;
    for (std::size_t f = 0; f < m_.flows.Size(); ++f) {
      const auto fi = static_cast<Eigen::Index>(f);
      if (m_.characterization.coeff(method_, fi) != 0 && r_.footprint.lci.inventory[fi] != 0) gases.push_back(m_.flows.At(f).id);
    }
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kCharacterizationMethod, lang_), fmt::format("{} ({}), {}", Code(indicator_.id), indicator_.name, indicator_.unit)});
    f.push_back({S(Label::kGwpSet, lang_), gwp.empty() ? S(Label::kGwpSetUnknown, lang_) : gwp});
    f.push_back({S(Label::kGhgsCovered, lang_), Fill(Label::kGhgsCoveredText, lang_, gases.empty() ? S(Label::kNone, lang_) : Join(gases, "; "))});
    f.push_back({S(Label::kDatabase, lang_), mf.db_name.empty() ? mf.db_path : mf.db_name});
    f.push_back({S(Label::kDatabaseVersion, lang_), mf.db_version.empty() ? S(Label::kNotGiven, lang_) : mf.db_version});
    f.push_back({S(Label::kDatabaseHash, lang_), Code(mf.db_sha256)});
    f.push_back({S(Label::kSolver, lang_), fmt::format("{} ({}: {})", mf.solver, S(Label::kResidual, lang_), pcf::HumanNumber(mf.residual, 2))});
    // Electricity: the background datasets the manufacturer's processes take electricity from.
    std::vector<std::string> electricity;
    for (const ForegroundProcess& p : r_.product.processes)
      for (const ProductInput& in : p.inputs)
        if (in.kind == InputKind::kBackground && in.ref.find("electricity") != std::string::npos &&
            std::find(electricity.begin(), electricity.end(), in.ref) == electricity.end())
          electricity.push_back(in.ref);
    f.push_back({S(Label::kElectricity, lang_), electricity.empty() ? S(Label::kElectricityNone, lang_)
                                                                    : Fill(Label::kElectricityText, lang_, Join(electricity, "; "))});
    s.blocks.push_back(Fields(std::move(f)));
    s.blocks.push_back(Paragraph(S(Label::kCalculationText, lang_)));
  }

  void DataSection() {
    const ProductFile& p = r_.product;
    const CalcManifest& mf = r_.manifest;
    ReportSection& s = Add("data", Label::kSecDataQuality);
    s.blocks.push_back(Heading(S(Label::kPrimaryData, lang_)));
    s.blocks.push_back(Paragraph(Fill(Label::kPrimaryDataText, lang_, p.processes.size())));
    if (p.parameters.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kNoParameters, lang_)));
    } else {
      ReportTable t;
      t.header = {S(Label::kParameter, lang_), S(Label::kValue, lang_)};
      t.numeric = {false, true};
      std::vector<double> values;
      for (const auto& [name, value] : p.parameters) values.push_back(value);
      for (const auto& [name, value] : p.parameters) t.rows.push_back({Code(name), HumanNumberAmong(value, values)});
      s.blocks.push_back(Table(std::move(t)));
    }
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kTimeCoverage, lang_), p.reference_period.empty() ? S(Label::kNotGiven, lang_) : p.reference_period});
    const auto primary = PrimaryDataShare(r_.system, r_.footprint);
    f.push_back({S(Label::kPrimaryShare, lang_), primary ? HumanShare(*primary / 100) : "–"});
    s.blocks.push_back(Fields(std::move(f)));

    s.blocks.push_back(Heading(S(Label::kSecondaryData, lang_)));
    s.blocks.push_back(Paragraph(Fill(Label::kSecondaryDataText, lang_, mf.db_name, mf.db_version, Code(mf.db_sha256))));
    // Every background dataset the product file names, with its role and the processes using it.
    std::vector<std::pair<std::string, std::string>> keys;  // (dataset, role) in first-use order
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> users;
    auto use = [&](const std::string& dataset, Label role, const std::string& process) {
      const std::pair<std::string, std::string> key{dataset, S(role, lang_)};
      auto& list = users[key];
      if (list.empty()) keys.push_back(key);
      if (std::find(list.begin(), list.end(), process) == list.end()) list.push_back(process);
    };
    for (const ForegroundProcess& fpr : p.processes) {
      for (const ProductInput& in : fpr.inputs)
        if (in.kind == InputKind::kBackground) use(in.ref, Label::kRoleInput, fpr.id);
      for (const TransportLeg& leg : fpr.transport) use(leg.mode, Label::kRoleTransport, fpr.id);
      for (const ProductInput& in : fpr.waste) use(in.ref, Label::kRoleWaste, fpr.id);
      for (const ProductInput& in : fpr.avoided)
        if (in.kind == InputKind::kBackground) use(in.ref, Label::kRoleAvoided, fpr.id);
    }
    ReportTable t;
    t.header = {S(Label::kDataset, lang_), S(Label::kRole, lang_), S(Label::kProcess, lang_)};
    t.numeric = {false, false, false};
    for (const auto& key : keys) t.rows.push_back({key.first, key.second, Join(users[key], "; ")});
    if (!t.rows.empty()) s.blocks.push_back(Table(std::move(t)));
    s.blocks.push_back(Paragraph(S(Label::kProvenanceText, lang_)));

    s.blocks.push_back(Heading(S(Label::kSupplierData, lang_)));
    if (r_.system.suppliers.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kNoSuppliers, lang_)));
    } else {
      s.blocks.push_back(Paragraph(S(Label::kSupplierDataText, lang_)));
      ReportTable st;
      st.header = {S(Label::kFile, lang_), S(Label::kCompany, lang_), S(Label::kProduct, lang_), S(Label::kSpecVersion, lang_),
                   S(Label::kPcfPerDeclaredUnit, lang_), S(Label::kGwpSetsOfSupplier, lang_), S(Label::kSha256, lang_)};
      st.numeric = {false, false, false, false, true, false, false};
      for (const SupplierRecord& sr : r_.system.suppliers)
        st.rows.push_back({sr.file, sr.company, sr.product_name, sr.spec_version,
                           fmt::format("{} / {}", HumanNumber(sr.pcf_per_declared_unit), sr.declared_unit),
                           Join(sr.gwp_sets, ", "), Code(sr.sha256)});
      s.blocks.push_back(Table(std::move(st)));
    }
    s.blocks.push_back(Paragraph(S(Label::kDataQualityText, lang_)));
    DqrBlocks(s);
  }

  // A rating for people: two decimals ("1.83").
  static std::string Rating(double v) { return fmt::format("{:.2f}", v); }

  std::string KindName(const std::string& kind) const {
    if (kind == "transport") return S(Label::kRoleTransport, lang_);
    if (kind == "waste") return S(Label::kRoleWaste, lang_);
    if (kind == "emission") return S(Label::kDirect, lang_);
    if (kind == "supplier") return S(Label::kOriginSupplier, lang_);
    return S(Label::kRoleInput, lang_);
  }

  // One row of the DQR tables: process, input (its kind), weight, the three PACT v3 ratings, basis.
  std::vector<std::string> DqrRow(const InputDqr& d) const {
    std::string basis = d.basis;
    if (d.stated[kTechnological] || d.stated[kGeographical] || d.stated[kTemporal])
      basis = S(Label::kDqrStated, lang_) + (lang_ == Language::kChinese ? "；" : "; ") + basis;
    return {d.process, fmt::format("{} ({})", d.ref, KindName(d.kind)), HumanShare(d.weight), Rating(d.ratings[kTechnological]),
            Rating(d.ratings[kGeographical]), Rating(d.ratings[kTemporal]), basis};
  }

  ReportTable DqrTable() const {
    ReportTable t;
    t.header = {S(Label::kProcess, lang_), S(Label::kDqrInput, lang_), S(Label::kDqrWeight, lang_), S(Label::kDqrTech, lang_),
                S(Label::kDqrGeo, lang_), S(Label::kDqrTime, lang_), S(Label::kDqrBasis, lang_)};
    t.numeric = {false, false, true, true, true, true, false};
    return t;
  }

  // The data quality rating (docs/data-quality.md): the result's, the inputs that weigh most and those that
  // rate worst, and the rules.
  void DqrBlocks(ReportSection& s) const {
    const DataQuality dq = AssessDataQuality(r_.product, r_.system, r_.footprint, r_.database_info);
    s.blocks.push_back(Heading(S(Label::kDqrHeading, lang_)));
    if (!dq.result) {
      s.blocks.push_back(Paragraph(S(Label::kDqrNone, lang_)));
      s.blocks.push_back(Paragraph(S(Label::kDqrRules, lang_)));
      return;
    }
    const DqrValues& v = *dq.result;
    std::vector<std::pair<std::string, std::string>> f;
    for (const auto& [label, k] : {std::pair{Label::kDqrTechnological, kTechnological}, {Label::kDqrGeographical, kGeographical},
                                   {Label::kDqrTemporal, kTemporal}, {Label::kDqrReliability, kReliability},
                                   {Label::kDqrCompleteness, kCompleteness}})
      f.push_back({S(label, lang_), Rating(v[k])});
    f.push_back({S(Label::kDqrPactV3, lang_), fmt::format("{} / {} / {}", Rating(v[kTechnological]), Rating(v[kGeographical]), Rating(v[kTemporal]))});
    const auto v2 = PactV2DataQuality(dq);
    f.push_back({S(Label::kDqrPactV2, lang_),
                 v2 ? Fill(Label::kDqrPactV2Value, lang_,
                           fmt::format("{} / {} / {} / {} / {}", Rating(v2->ratings[kTechnological]), Rating(v2->ratings[kTemporal]),
                                       Rating(v2->ratings[kGeographical]), Rating(v2->ratings[kCompleteness]),
                                       Rating(v2->ratings[kReliability])),
                           HumanShare(v2->coverage_percent / 100))
                    : S(Label::kDqrPactV2None, lang_)});
    s.blocks.push_back(Fields(std::move(f)));
    s.blocks.push_back(Paragraph(S(Label::kDqrRules, lang_)));

    std::vector<const InputDqr*> order;
    for (const InputDqr& d : dq.inputs) order.push_back(&d);
    std::stable_sort(order.begin(), order.end(), [](const InputDqr* a, const InputDqr* b) { return a->weight > b->weight; });
    s.blocks.push_back(Heading(S(Label::kDqrWeighMost, lang_)));
    ReportTable most = DqrTable();
    for (std::size_t i = 0; i < order.size() && i < 10; ++i) most.rows.push_back(DqrRow(*order[i]));
    s.blocks.push_back(Table(std::move(most)));

    // Worst: the mean of the three PACT v3 ratings, among inputs of at least 1 % weight; heavier first on ties.
    auto mean = [](const InputDqr* d) { return (d->ratings[kTechnological] + d->ratings[kGeographical] + d->ratings[kTemporal]) / 3; };
    std::vector<const InputDqr*> worst;
    for (const InputDqr* d : order)
      if (d->weight >= 0.01 && mean(d) > 1) worst.push_back(d);
    std::stable_sort(worst.begin(), worst.end(), [&](const InputDqr* a, const InputDqr* b) { return mean(a) > mean(b); });
    s.blocks.push_back(Heading(S(Label::kDqrRateWorst, lang_)));
    if (worst.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kDqrRateWorstNone, lang_)));
    } else {
      ReportTable t = DqrTable();
      for (std::size_t i = 0; i < worst.size() && i < 5; ++i) t.rows.push_back(DqrRow(*worst[i]));
      s.blocks.push_back(Table(std::move(t)));
    }
  }

  void AllocationSection() {
    ReportSection& s = Add("allocation", Label::kSecAllocation);
    const auto& allocations = r_.system.allocations;
    if (allocations.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kAllocationNone, lang_)));
    } else {
      s.blocks.push_back(Paragraph(S(Label::kAllocationIntro, lang_)));
      ReportTable t;
      t.header = {S(Label::kProcess, lang_), S(Label::kAllocationMethod, lang_), S(Label::kProduct, lang_),
                  S(Label::kAllocationFactor, lang_)};
      t.numeric = {false, false, false, true};
      bool economic = false;
      for (const AllocationRecord& a : allocations) {
        economic = economic || a.method == "economic";
        for (const auto& [product, factor] : a.factors)
          t.rows.push_back({a.process_id, AllocationMethodName(a.method, lang_), product,
                            fmt::format("{} ({})", HumanNumber(factor), HumanShare(factor))});
      }
      s.blocks.push_back(Table(std::move(t)));
      if (economic) s.blocks.push_back(Paragraph(S(Label::kAllocationEconomicNote, lang_)));
    }
    std::vector<std::string> avoided;
    for (const Credit& c : r_.footprint.credit_lines)
      avoided.push_back(fmt::format("{}: {} {} ({}): {} {}", c.product, HumanNumber(c.amount), c.unit, c.process_id,
                                    HumanNumber(c.impacts[method_]), indicator_.unit));
    s.blocks.push_back(Heading(S(Label::kSystemExpansion, lang_)));
    if (avoided.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kSystemExpansionNone, lang_)));
    } else {
      s.blocks.push_back(Bullets(std::move(avoided)));
      s.blocks.push_back(Paragraph(S(Label::kModuleDNote, lang_)));
    }
    s.blocks.push_back(Paragraph(S(Label::kAllocationHierarchy, lang_)));
  }

  static void SumHidden(const ContributionNode& n, double& value, int& count) {
    value += n.hidden;
    count += n.hidden_count;
    for (const ContributionNode& c : n.children) SumHidden(c, value, count);
  }

  void CutoffSection() {
    ReportSection& s = Add("cutoff", Label::kSecCutoff);
    const std::string percent = HumanNumber(100 * r_.analysis.cutoff);
    double hidden = 0;
    int count = 0;
    SumHidden(r_.analysis.tree, hidden, count);
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kCutoffRule, lang_), Fill(Label::kCutoffRuleText, lang_, percent)});
    f.push_back({S(Label::kCutoffTotal, lang_),
                 count == 0 ? S(Label::kCutoffHiddenNone, lang_) : Fill(Label::kCutoffHidden, lang_, count, Value(hidden), Share(hidden))});
    s.blocks.push_back(Fields(std::move(f)));
    s.blocks.push_back(Paragraph(S(Label::kCutoffNoExclusion, lang_)));
  }

  void ResultsSections() {
    const Footprint& fp = r_.footprint;
    Add("results", Label::kSecResults);
    {
      ReportSection& s = Add("results-total", Label::kSecResultsTotal, 3);
      std::vector<std::pair<std::string, std::string>> f;
      f.push_back({fmt::format("{} ({})", S(Label::kTotal, lang_), out_.headline_unit),
                   fmt::format("{} ({})", Value(total_), out_.headline_exact)});
      f.push_back({S(Label::kCharacterizationMethod, lang_), fmt::format("{} — {}", Code(indicator_.id), indicator_.name)});
      s.blocks.push_back(Fields(std::move(f)));
      if (!r_.warnings.empty()) {  // supplier gates and plausibility (engine/calc/gates.h)
        std::vector<std::string> items;
        for (const Warning& w : r_.warnings) items.push_back(WarningLine(w));
        s.blocks.push_back(Paragraph(S(Label::kWarnings, lang_)));
        s.blocks.push_back(Bullets(std::move(items)));
      }
    }
    {
      ReportSection& s = Add("results-stage", Label::kSecResultsStage, 3);
      ReportTable t;
      t.header = {S(Label::kModule, lang_), S(Label::kDescription, lang_), indicator_.unit, S(Label::kShare, lang_)};
      t.numeric = {false, false, true, true};
      ReportBlock chart;
      chart.kind = BlockKind::kChart;
      chart.chart.title = fmt::format("{} ({})", S(Label::kChartStages, lang_), indicator_.unit);
      for (const StageImpacts& st : fp.stages) {
        if (!st.declared) continue;
        const double v = st.impacts[method_];
        t.rows.push_back({st.stage, std::string(StageDescription(st.stage, lang_)), HumanNumber(v), Share(v)});
        chart.chart.bars.push_back({fmt::format("{} {}", st.stage, StageDescription(st.stage, lang_)), v, Value(v)});
      }
      t.rows.push_back({S(Label::kTotal, lang_), "", HumanNumber(total_), Share(total_)});
      t.last_row_is_total = true;
      s.blocks.push_back(std::move(chart));
      s.blocks.push_back(Table(std::move(t)));
      // Module D after the total, apart from it: the credits of avoided products.
      if (!fp.credit_lines.empty()) {
        ReportTable d;
        d.header = {S(Label::kModule, lang_), S(Label::kDescription, lang_), indicator_.unit, S(Label::kShare, lang_)};
        d.numeric = {false, false, true, false};
        d.rows.push_back({"D", S(Label::kModuleD, lang_), HumanNumber(fp.credits[method_]), S(Label::kNotPartOfPcf, lang_)});
        s.blocks.push_back(Table(std::move(d)));
      }
    }
    {
      ReportSection& s = Add("results-gas", Label::kSecResultsGas, 3);
      const GasGroups& g = r_.analysis.gas;
      ReportTable t;
      t.header = {S(Label::kGasGroup, lang_), indicator_.unit, S(Label::kShare, lang_)};
      t.numeric = {false, true, true};
      for (const auto& [label, v] : {std::pair{Label::kGasFossil, g.fossil}, {Label::kGasBiogenicEmissions, g.biogenic_emissions},
                                     {Label::kGasBiogenicRemovals, g.biogenic_removals}, {Label::kGasLandUseChange, g.land_use_change},
                                     {Label::kGasAircraft, g.aircraft}})
        t.rows.push_back({S(label, lang_), HumanNumber(v), Share(v)});
      t.rows.push_back({S(Label::kTotal, lang_), HumanNumber(total_), Share(total_)});
      t.last_row_is_total = true;
      s.blocks.push_back(Table(std::move(t)));
      s.blocks.push_back(Paragraph(S(Label::kGasNotCalculated, lang_)));
    }
    {
      ReportSection& s = Add("results-origin", Label::kSecResultsOrigin, 3);
      ReportTable t;
      t.header = {S(Label::kOrigin, lang_), indicator_.unit, S(Label::kShare, lang_)};
      t.numeric = {false, true, true};
      for (const auto& [label, v] : {std::pair{Label::kOriginForeground, fp.foreground[method_]},
                                     {Label::kOriginBackground, fp.background[method_]}, {Label::kOriginSupplier, fp.supplier[method_]}})
        t.rows.push_back({S(label, lang_), HumanNumber(v), Share(v)});
      t.rows.push_back({S(Label::kTotal, lang_), HumanNumber(total_), Share(total_)});
      t.last_row_is_total = true;
      s.blocks.push_back(Table(std::move(t)));
    }
    if (m_.indicators.Size() > 1) {
      ReportSection& s = Add("results-other", Label::kSecResultsOther, 3);
      ReportTable t;
      t.header = {S(Label::kIndicator, lang_), S(Label::kName, lang_), S(Label::kValue, lang_), S(Label::kUnit, lang_)};
      t.numeric = {false, false, true, false};
      for (std::size_t k = 0; k < m_.indicators.Size(); ++k) {
        const IndexEntry& e = m_.indicators.At(k);
        t.rows.push_back({Code(e.id), e.name, HumanNumber(fp.lci.scores[static_cast<Eigen::Index>(k)]), e.unit});
      }
      s.blocks.push_back(Table(std::move(t)));
    }
    if (r_.monte_carlo) UncertaintySection(*r_.monte_carlo);
    if (r_.sensitivity) SensitivitySection(*r_.sensitivity);
  }

  // ISO 14067 6.4.x: the one-at-a-time elasticities of the inputs that matter most (tornado and table, the
  // figures of `pcf sensitivity`) and the allocation alternatives (docs/sensitivity.md).
  void SensitivitySection(const SensitivityResult& sens) {
    constexpr std::size_t kShown = 15;  // as many as the tornado draws
    ReportSection& s = Add("results-sensitivity", Label::kSecResultsSensitivity, 3);
    std::size_t varied = 0;
    for (const SensitivityInput& in : sens.inputs) varied += in.varied ? 1 : 0;
    s.blocks.push_back(Paragraph(Fill(Label::kSensIntro, lang_, pcf::HumanNumber(100 * sens.delta, 3) + " %", varied, sens.inputs.size() - varied)));
    if (varied == 0) {
      s.blocks.push_back(Paragraph(S(Label::kSensNone, lang_)));
    } else {
      ReportBlock chart;
      chart.kind = BlockKind::kTornado;
      chart.tornado = {S(Label::kSensTornado, lang_), S(Label::kSecResultsSensitivity, lang_), S(Label::kSensMinus, lang_),
                       S(Label::kSensPlus, lang_), S(Label::kSensElasticity, lang_), sens.total, TornadoBars(sens, kShown)};
      s.blocks.push_back(std::move(chart));
      s.blocks.push_back(Heading(Fill(Label::kSensRanked, lang_, std::min(varied, kShown))));
      ReportTable t;
      t.header = {S(Label::kRank, lang_), S(Label::kDqrInput, lang_), S(Label::kMcKind, lang_), S(Label::kValue, lang_),
                  fmt::format("{}, {}", S(Label::kSensMinus, lang_), indicator_.unit),
                  fmt::format("{}, {}", S(Label::kSensPlus, lang_), indicator_.unit), S(Label::kSensElasticity, lang_)};
      t.numeric = {true, false, false, true, true, true, true};
      for (const SensitivityInput& in : sens.inputs) {
        if (!in.varied || t.rows.size() == kShown) continue;
        t.rows.push_back({std::to_string(t.rows.size() + 1), in.name, VarianceInputKind(in.kind),
                          in.unit.empty() ? pcf::HumanNumber(in.value) : pcf::HumanNumber(in.value) + " " + in.unit,
                          HumanNumber(in.total_minus), HumanNumber(in.total_plus), pcf::HumanNumber(in.elasticity, 3)});
      }
      s.blocks.push_back(Table(std::move(t)));
    }
    s.blocks.push_back(Heading(S(Label::kSensAllocation, lang_)));
    if (sens.allocation.empty()) {
      s.blocks.push_back(Paragraph(S(Label::kSensNoAllocation, lang_)));
      return;
    }
    ReportTable t;
    t.header = {S(Label::kSensAllocMethod, lang_), S(Label::kSensProcesses, lang_), indicator_.unit,
                S(Label::kSensDifference, lang_), S(Label::kSensRelative, lang_)};
    t.numeric = {false, false, true, true, true};
    for (const AllocationAlternative& a : sens.allocation) {
      const std::string name = a.name == "file" ? S(Label::kSensFileChoice, lang_) : AllocationMethodName(a.name, lang_);
      if (!a.available) {
        t.rows.push_back({name, a.methods, S(Label::kSensNotApplicable, lang_) + ": " + a.reason, "", ""});
        continue;
      }
      t.rows.push_back({name, a.methods, HumanNumber(a.total), HumanNumber(a.total - sens.total),
                        sens.total != 0 ? HumanShare((a.total - sens.total) / sens.total) : "–"});
    }
    s.blocks.push_back(Table(std::move(t)));
  }

  // `pcf calc --mc N` (docs/uncertainty.md): the distribution of the total, its statistics and what drives it.
  void UncertaintySection(const MonteCarloResult& mc) {
    ReportSection& s = Add("results-uncertainty", Label::kSecResultsUncertainty, 3);
    s.blocks.push_back(Paragraph(Fill(Label::kMcIntro, lang_, mc.draws, mc.seed, mc.uncertain_foreground, mc.uncertain_background)));
    ReportBlock h;
    h.kind = BlockKind::kHistogram;
    h.histogram = Histogram(mc);
    s.blocks.push_back(std::move(h));
    s.blocks.push_back(Paragraph(Fill(Label::kMcChartNote, lang_, Value(total_), Value(mc.total.p2_5), Value(mc.total.p97_5))));
    s.blocks.push_back(Heading(S(Label::kMcPercentiles, lang_)));
    ReportTable t;
    t.header = {S(Label::kModule, lang_), S(Label::kMcMean, lang_), S(Label::kMcSd, lang_), "2.5 %", "5 %",
                S(Label::kMcMedian, lang_), "95 %", "97.5 %"};
    t.numeric = {false, true, true, true, true, true, true, true};
    auto row = [&](const std::string& name, const DistributionSummary& d) {
      t.rows.push_back({name, HumanNumber(d.mean), HumanNumber(d.sd), HumanNumber(d.p2_5), HumanNumber(d.p5), HumanNumber(d.median),
                        HumanNumber(d.p95), HumanNumber(d.p97_5)});
    };
    for (std::size_t i = 0; i < mc.stages.size(); ++i)
      row(mc.declared[i] ? mc.stages[i] : mc.stages[i] + " (" + S(Label::kNotPartOfPcf, lang_) + ")", mc.stage_summaries[i]);
    row(S(Label::kTotal, lang_), mc.total);
    t.last_row_is_total = true;
    s.blocks.push_back(Table(std::move(t)));
    s.blocks.push_back(Heading(S(Label::kMcDrivers, lang_)));
    DriversTable(mc.contributions, s);
  }

  std::string VarianceInputKind(const std::string& kind) const {
    if (kind == "parameter") return S(Label::kMcKindParameter, lang_);
    if (kind == "amount") return S(Label::kMcKindAmount, lang_);
    if (kind == "background-exchange") return S(Label::kMcKindBackgroundExchange, lang_);
    if (kind == "background-flow") return S(Label::kMcKindBackgroundFlow, lang_);
    return kind;
  }

  // The top inputs by share of the variance of the total (docs/uncertainty.md, "What drives it").
  void DriversTable(const VarianceContributions& c, ReportSection& s) const {
    if (c.top.empty()) {
      s.blocks.push_back(Paragraph(S(c.method.empty() ? Label::kMcDriversNone : Label::kMcDriversPending, lang_)));
      return;
    }
    const bool src = c.method == "src";
    s.blocks.push_back(Paragraph(src ? Fill(Label::kMcDriversSrc, lang_, c.regressed, c.inputs, pcf::HumanNumber(c.r_squared, 2))
                                     : Fill(Label::kMcDriversSpearman, lang_, pcf::HumanNumber(c.r_squared, 2), c.regressed, c.inputs)));
    ReportTable t;
    t.header = {S(Label::kMcInput, lang_), S(Label::kMcKind, lang_), S(Label::kMcShare, lang_), src ? "SRC" : "ρ"};
    t.numeric = {false, false, true, true};
    for (const VarianceContribution& v : c.top)
      t.rows.push_back({v.input, VarianceInputKind(v.kind), fmt::format("{:.1f} %", 100 * v.share), pcf::HumanNumber(v.coefficient, 3)});
    s.blocks.push_back(Table(std::move(t)));
  }

  // 30 equal bins over the draws' range (a constant total: one bin), marked at the point value and the
  // 2.5 and 97.5 % percentiles.
  ReportHistogram Histogram(const MonteCarloResult& mc) const {
    ReportHistogram h;
    h.title = fmt::format("{} ({}, {})", S(Label::kMcChart, lang_), indicator_.unit, mc.draws);
    double lo = total_, hi = total_;
    for (double v : mc.totals) lo = std::min(lo, v), hi = std::max(hi, v);
    const std::size_t bins = hi > lo ? 30 : 1;
    h.lo = lo;
    h.width = hi > lo ? (hi - lo) / static_cast<double>(bins) : 1;
    h.counts.assign(bins, 0);
    for (double v : mc.totals) ++h.counts[std::min(bins - 1, static_cast<std::size_t>((v - lo) / h.width))];
    h.lo_text = Value(lo);
    h.hi_text = Value(hi);
    h.markers = {{mc.total.p2_5, "2.5 %"}, {total_, HumanNumber(total_)}, {mc.total.p97_5, "97.5 %"}};
    return h;
  }

  void Tree(const ContributionNode& n, int depth, std::vector<ReportTreeLine>& lines) const {
    ReportTreeLine line;
    line.depth = depth;
    line.name = n.process.empty() ? n.product : n.process;
    const std::string origin = S(n.foreground ? Label::kForegroundMark : Label::kBackgroundMark, lang_);
    line.detail = n.process == n.product || n.process.empty()
                      ? fmt::format("{} {}, {}", HumanNumber(n.amount), n.unit, origin)
                      : fmt::format("{} {} {}, {}", HumanNumber(n.amount), n.unit, n.product, origin);
    line.value = Value(n.total);
    line.share = total_ != 0 ? n.total / total_ : 0;
    if (n.direct != 0) line.direct = fmt::format("{} {}", S(Label::kDirect, lang_), Value(n.direct));
    line.foreground = n.foreground;
    lines.push_back(std::move(line));
    for (const ContributionNode& c : n.children) Tree(c, depth + 1, lines);
    if (n.hidden_count > 0) {
      ReportTreeLine h;
      h.depth = depth + 1;
      h.name = S(Label::kBelowCutoff, lang_);
      h.detail = fmt::format("{} {}", n.hidden_count, S(n.hidden_count == 1 ? Label::kBranch : Label::kBranches, lang_));
      h.value = Value(n.hidden);
      h.share = total_ != 0 ? n.hidden / total_ : 0;
      h.below_cutoff = true;
      lines.push_back(std::move(h));
    }
  }

  void ContributionSections() {
    const Analysis& a = r_.analysis;
    Add("contribution", Label::kSecContribution);
    {
      ReportSection& s = Add("contribution-tree", Label::kSecTree, 3);
      s.blocks.push_back(Paragraph(S(Label::kContributionIntro, lang_) + " " +
                                   Fill(Label::kCutoffRuleText, lang_, HumanNumber(100 * a.cutoff))));
      ReportBlock b;
      b.kind = BlockKind::kTree;
      Tree(a.tree, 0, b.tree);
      s.blocks.push_back(std::move(b));
    }
    {
      ReportSection& s = Add("hotspots-process", Label::kSecHotspotProcess, 3);
      ReportBlock chart;
      chart.kind = BlockKind::kChart;
      chart.chart.title = fmt::format("{} ({})", S(Label::kChartContributions, lang_), indicator_.unit);
      ReportTable t;
      t.header = {S(Label::kRank, lang_), S(Label::kProcess, lang_), fmt::format("{}, {}", S(Label::kDirect, lang_), indicator_.unit),
                  S(Label::kShare, lang_)};
      t.numeric = {true, false, true, true};
      int rank = 0;
      for (const Hotspot& h : a.processes) {
        t.rows.push_back({std::to_string(++rank), h.id, HumanNumber(h.value), HumanShare(h.share)});
        chart.chart.bars.push_back({h.id, h.value, Value(h.value)});
      }
      if (!chart.chart.bars.empty()) s.blocks.push_back(std::move(chart));
      if (t.rows.empty()) s.blocks.push_back(Paragraph(S(Label::kNoHotspots, lang_)));
      else s.blocks.push_back(Table(std::move(t)));
    }
    {
      ReportSection& s = Add("hotspots-flow", Label::kSecHotspotFlow, 3);
      ReportTable t;
      t.header = {S(Label::kRank, lang_), S(Label::kFlow, lang_), indicator_.unit, S(Label::kShare, lang_)};
      t.numeric = {true, false, true, true};
      int rank = 0;
      for (const Hotspot& h : a.flows) t.rows.push_back({std::to_string(++rank), h.id, HumanNumber(h.value), HumanShare(h.share)});
      if (t.rows.empty()) s.blocks.push_back(Paragraph(S(Label::kNoHotspots, lang_)));
      else s.blocks.push_back(Table(std::move(t)));
    }
  }

  void LimitationsSection() {
    ReportSection& s = Add("limitations", Label::kSecLimitations);
    std::vector<std::string> items;
    for (Label l : {Label::kLimitClimateOnly, Label::kLimitUnconfirmed, Label::kLimitAggregated,
                    r_.monte_carlo ? Label::kLimitUncertaintyMc
                    : r_.sensitivity ? Label::kLimitUncertaintySens
                                     : Label::kLimitUncertainty,
                    Label::kLimitNotCalculated,
                    Label::kLimitScope, Label::kLimitUserData, Label::kLimitReview})
      items.push_back(S(l, lang_));
    s.blocks.push_back(Bullets(std::move(items)));
  }

  void ManifestSection() {
    const CalcManifest& mf = r_.manifest;
    ReportSection& s = Add("manifest", Label::kSecManifest);
    std::vector<std::pair<std::string, std::string>> f;
    f.push_back({S(Label::kEngineVersion, lang_), "pcf " + mf.engine_version});
    f.push_back({S(Label::kDatabase, lang_), fmt::format("{} {}", mf.db_name, mf.db_version)});
    f.push_back({S(Label::kDatabasePath, lang_), Code(mf.db_path)});
    f.push_back({S(Label::kDatabaseHash, lang_), Code(mf.db_sha256)});
    f.push_back({S(Label::kSolver, lang_), mf.solver});
    s.blocks.push_back(Fields(std::move(f)));
    s.blocks.push_back(Heading(S(Label::kInputFiles, lang_)));
    ReportTable t;
    t.header = {S(Label::kFile, lang_), S(Label::kSha256, lang_)};
    t.numeric = {false, false};
    if (mf.inputs.empty() && !mf.input_file.empty()) t.rows.push_back({Code(mf.input_file), Code(mf.input_sha256)});
    for (const auto& [file, sha] : mf.inputs) t.rows.push_back({Code(file), Code(sha)});
    s.blocks.push_back(Table(std::move(t)));
    s.blocks.push_back(Paragraph(Fill(Label::kGeneratedBy, lang_, mf.engine_version)));
  }

  const FootprintReport& r_;
  Language lang_;
  const Model& m_;
  Eigen::Index method_;
  const IndexEntry& indicator_;
  double total_;
  std::vector<double> figures_;  // the result figures, see HumanNumber
  StudyReport out_;
  int major_ = 0;
  int minor_ = 0;
};

}  // namespace

std::string Code(std::string_view text) {
  std::string out(1, kCodeBegin);
  for (char c : text)
    if (c != kCodeBegin && c != kCodeEnd) out += c;
  out += kCodeEnd;
  return out;
}

std::string HumanShare(double fraction) {
  if (!std::isfinite(fraction)) return "–";
  const double percent = 100 * fraction;
  if (percent == 0) return "0 %";
  if (std::fabs(percent) < 0.05) return percent > 0 ? "<0.1 %" : ">-0.1 %";
  return fmt::format("{:.1f} %", percent);
}

StudyReport BuildStudyReport(const FootprintReport& report, Language language) { return Builder(report, language).Build(); }

}  // namespace pcf
