// The `cbam` view of a product footprint (issue 6): specific embedded emissions (SEE) of cement and
// clinker as the EU CBAM rules define them (Regulation (EU) 2023/956 Annex IV; CO2 only, direct and
// indirect apart, clinker as the precursor of cement), next to the EU default values for China read from
// the database's CBAM-* factor rows. Method and layout: docs/report-formats.md, section `cbam`. The
// figures are computed by engine/calc/cbam.cc (CalculateCbam); this file only formats them.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/calc/cbam.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/units.h"
#include "engine/report/labels.h"
#include "engine/report/render.h"

namespace pcf {

namespace {

constexpr const char* kCbamIndicator = "CO2-ETS";

// ---------------------------------------------------------------------------------------------------
// Labels (English / Chinese): the shared terms from labels.h (Label::…), those only this view needs here.

struct Text {
  const char* en;
  const char* zh;
};

struct Labels {
  Language lang;
  const char* operator()(const Text& t) const { return lang == Language::kChinese ? t.zh : t.en; }
  std::string_view operator()(Label label) const { return Tr(label, lang); }
};

const Text kTitle{"CBAM embedded emissions", "CBAM 隐含排放"};
const Text kIntro{
    "EU Carbon Border Adjustment Mechanism, Regulation (EU) 2023/956 Annex IV: specific embedded emissions (SEE) "
    "of the good, CO2 only, direct and indirect (electricity) apart, cement clinker as the precursor of cement. "
    "This is not the ISO 14067 / GB/T 24067 product carbon footprint: upstream (fuel chain, raw material, "
    "transport) emissions are not counted.",
    "欧盟碳边境调节机制（CBAM），法规 (EU) 2023/956 附件IV：产品的特定隐含排放（SEE），仅计CO2，直接排放与间接排放"
    "（电力）分开，水泥熟料作为水泥的前体。本视图不是 ISO 14067 / GB/T 24067 产品碳足迹：上游（燃料链、原料、运输）"
    "排放不计入。"};
const Text kGood{"CBAM good", "CBAM 货物"};
const Text kGoodClinker{"cement clinker, CN 2523 10 00", "水泥熟料，CN 2523 10 00"};
const Text kGoodCement{
    "cement, CN 2523 29 00 (grey Portland cement) assumed — check the CN code: white Portland 2523 21 00, other "
    "hydraulic cements 2523 90 00",
    "水泥，按 CN 2523 29 00（灰色硅酸盐水泥）处理——请核对CN编码：白色硅酸盐水泥 2523 21 00，其他水硬性水泥 2523 90 00"};
const Text kInstallation{"Installation", "设施"};
const Text kIndicatorNote{"fossil CO2 from combustion and processes; biogenic CO2 counts zero",
                          "化石CO2（燃烧与过程）；生物质CO2计为零"};
const Text kSeeHeading{"Specific embedded emissions (t CO2 / t of good)", "特定隐含排放（t CO2 / t 货物）"};
const Text kColGood{"Good", "货物"};
const Text kColDirect{"Direct", "直接"};
const Text kColIndirect{"Indirect", "间接"};
const Text kColElectricity{"Electricity (MWh/t)", "电力（MWh/t）"};
const Text kRowClinker{"Cement clinker (per t clinker)", "水泥熟料（每吨熟料）"};
const Text kRowCement{"Cement (per t cement)", "水泥（每吨水泥）"};
const Text kClinkerHeading{"Clinker: per t clinker", "熟料：每吨熟料"};
const Text kCementHeading{"Cement: per t cement (Annex IV complex good, precursor clinker)",
                          "水泥：每吨水泥（附件IV复杂货物，前体为熟料）"};
const Text kColItem{"Item", "项目"};
const Text kProcessCo2{"Process CO2 of the installation's own processes (calcination, raw-meal TOC, other)",
                       "设施自身过程的CO2（碳酸盐分解、生料有机碳等）"};
const Text kCombustionCo2{"Combustion CO2 of fuels burned in the installation", "设施内燃料燃烧CO2"};
const Text kSeeDirect{"SEE direct", "直接特定隐含排放"};
const Text kSeeIndirect{"SEE indirect", "间接特定隐含排放"};
const Text kElectricityUse{"Electricity consumed", "耗电量"};
const Text kClinkerRatio{"Clinker-to-cement ratio (clinker consumed per t cement)", "熟料-水泥比（每吨水泥消耗熟料）"};
const Text kPrecursorDirect{"Precursor clinker, direct (ratio × SEE direct of clinker)",
                            "前体熟料直接排放（熟料比 × 熟料直接SEE）"};
const Text kPrecursorIndirect{"Precursor clinker, indirect (ratio × SEE indirect of clinker)",
                              "前体熟料间接排放（熟料比 × 熟料间接SEE）"};
const Text kMillDirect{"Cement production's own direct emissions (grinding, drying, …)",
                       "水泥制备自身直接排放（粉磨、烘干等）"};
const Text kMillElectricity{"Cement production's own electricity (grinding, packing, …)", "水泥制备自身耗电（粉磨、包装等）"};
const Text kMillIndirect{"Cement production's own indirect emissions", "水泥制备自身间接排放"};
const Text kElectricityTotal{"Electricity embedded in 1 t cement (own + precursor clinker)", "每吨水泥隐含耗电（自身 + 前体熟料）"};
const Text kPrecursorHeading{"Precursors", "前体"};
const Text kColPrecursor{"Precursor", "前体"};
const Text kColAmount{"t per t cement", "t / t 水泥"};
const Text kColOrigin{"Origin", "来源"};
const Text kOwnInstallation{"own installation (foreground, actual data)", "本设施（前景过程，实测数据）"};
const Text kBoughtSupplier{"bought: the supplier footprint's PCF (CO2e, cradle to gate, all counted as direct — a PACT "
                           "footprint does not split electricity)",
                           "外购：供应商碳足迹的PCF（CO2e，摇篮到大门，全部计为直接排放——PACT碳足迹不区分电力）"};
const Text kBoughtDefault{"bought: EU default value for China, clinker route (A)", "外购：欧盟对中国的默认值，熟料路线(A)"};
const Text kBoughtHeading{"Clinker is bought, not made here: its embedded emissions per t clinker",
                          "熟料为外购，非本设施生产：每吨熟料的隐含排放"};
const Text kEfHeading{"Electricity emission factor", "电力排放因子"};
const Text kEfDefault{"Country grid default", "国家电网默认因子"};
const Text kEfDefaultNote{
    "the country's latest official grid average in the database (CO2 only, generation side), the factor CBAM "
    "prescribes unless a direct technical link or a qualifying power purchase agreement allows actual data — not "
    "the life-cycle electricity mix the footprint uses",
    "数据库中最新的官方全国电网平均因子（仅CO2，发电侧）；除直接技术连接或合格购电协议允许使用实际数据外，CBAM规定使用该因子"
    "——不是碳足迹所用的生命周期电力结构"};
const Text kEfActual{"Actual supply stated in the product file (cbam: electricity_factor)",
                     "产品文件声明的实际供电（cbam: electricity_factor）"};
const Text kEfActualNone{"none stated", "未声明"};
const Text kEfUsedHeading{"Used for the indirect emissions", "间接排放所用因子"};
const Text kEfUsedDefault{"the country grid default", "国家电网默认因子"};
const Text kEfUsedActual{"the actual supply", "实际供电因子"};
const Text kEfSource{"Factor source", "因子来源"};
const Text kFuelHeading{"Fuels burned in the installation, per t clinker", "设施内燃烧的燃料，每吨熟料"};
const Text kFuelHeadingCement{"Fuels burned in cement production itself, per t cement", "水泥制备自身燃烧的燃料，每吨水泥"};
const Text kColFuel{"Fuel (heat)", "燃料（热）"};
const Text kColHeat{"Heat (GJ)", "热量（GJ）"};
const Text kColFactor{"Combustion CO2 (kg/GJ)", "燃烧CO2（kg/GJ）"};
const Text kColCo2{"CO2 (t)", "CO2（t）"};
const Text kFuelNote{
    "combustion factor = the heat process's own CO2-ETS emission per unit (its fuel chain upstream is not direct "
    "and not counted); biogenic CO2 of biomass fuels counts zero",
    "燃烧因子 = 热能过程自身的 CO2-ETS 排放（其上游燃料链不属于直接排放，不计入）；生物质燃料的生物源CO2计为零"};
const Text kProcessHeading{"Foreground processes, per declared unit", "前景过程，每声明单位"};
const Text kColRole{"Role", "角色"};
const Text kColProcessCo2{"Process CO2 (t)", "过程CO2（t）"};
const Text kColCombustion{"Combustion CO2 (t)", "燃烧CO2（t）"};
const Text kColKwh{"Electricity (kWh)", "电力（kWh）"};
const Text kRoleClinker{"clinker production", "熟料生产"};
const Text kRoleCement{"cement production", "水泥生产"};
const Text kDefaultsHeading{"EU default values for China (t CO2e / t of good)", "欧盟对中国的默认值（t CO2e / t 货物）"};
const Text kColCn{"CN code", "CN编码"};
const Text kColRows{"Factor rows", "因子行"};
const Text kColConfidence{"Confidence", "可信度"};
const Text kWithMarkup{"with mark-up", "含加成"};
const Text kDefClinkerA{"cement clinker, route (A)", "水泥熟料，路线(A)"};
const Text kDefClinkerB{"cement clinker, route (B)", "水泥熟料，路线(B)"};
const Text kDefCement{"grey Portland cement", "灰色硅酸盐水泥"};
const Text kDefaultsNote{
    "SECONDARY and UNCONFIRMED: parsed from a third-party copy of the default-value annex, to be checked against "
    "the Official Journal; what routes (A)/(B) mean is unconfirmed; totals with mark-up = (direct + indirect) × "
    "(1 + mark-up of the year), assuming the mark-up applies to the sum.",
    "二手数据且未经核实：来自第三方对默认值附件的解析，须与欧盟官方公报核对；路线(A)/(B)的含义未确认；含加成合计 = "
    "（直接 + 间接）×（1 + 当年加成比例），假定加成作用于两者之和。"};
const Text kDefaultsMissing{"not in this database", "本数据库中没有"};
const Text kSources{"Sources", "来源"};
const Text kComparisonHeading{"Actual values against the defaults", "实际值与默认值比较"};
const Text kColActual{"Actual total", "实际合计"};
const Text kColDefault{"Default", "默认值"};
const Text kNotesHeading{"Notes", "说明"};
const Text kNote1{
    "Installation = every foreground process of the product file (the manufacturer's own processes), whatever its "
    "EN 15804 stage; background inputs count only as fuels burned on site (`heat, …`) and electricity "
    "(`electricity, …`); bought clinker is a precursor with its embedded emissions.",
    "设施 = 产品文件中的全部前景过程（制造商自身的过程），不论其 EN 15804 阶段；背景输入仅以现场燃烧的燃料（`heat, …`）"
    "和电力（`electricity, …`）计入；外购熟料作为前体按其隐含排放计入。"};
const Text kNote2{
    "Indirect emissions = electricity consumed × the factor used above (CBAM: the country grid default unless a "
    "direct technical link or a qualifying power purchase agreement allows actual data).",
    "间接排放 = 耗电量 × 上述所用因子（CBAM：除直接技术连接或合格购电协议外使用国家电网默认值）。"};
const Text kNote3{
    "Annex IV details are from secondary sources (UNCONFIRMED, ../shared/reference/standards.md §4); reported for "
    "one product file's annual data, not yet per installation and reporting period as a CBAM declaration needs.",
    "附件IV细节来自二手资料（未经核实，../shared/reference/standards.md §4）；按产品文件的年度数据计算，"
    "尚未按CBAM申报要求的设施与报告期汇总。"};
const Text kValuesHeading{"Values (full precision, t CO2 per t, MWh per t)", "数值（全精度，t CO2/t，MWh/t）"};

// ---------------------------------------------------------------------------------------------------
// Rendering.

std::string F4(double v) {
  if (std::abs(v) < 5e-5) v = 0;  // never "-0.0000"
  return fmt::format("{:.4f}", v);
}

std::string F3(double v) {
  if (std::abs(v) < 5e-4) v = 0;
  return fmt::format("{:.3f}", v);
}

const Text& DefaultLabel(const std::string& key) {
  if (key == "clinker-A") return kDefClinkerA;
  if (key == "clinker-B") return kDefClinkerB;
  return kDefCement;
}

std::string FactorIds(const CbamElectricityFactor& f) {
  std::vector<std::string> ids;
  for (const FactorRecord& r : f.factors) ids.push_back(r.id);
  return fmt::format("{}", fmt::join(ids, ", "));
}

const char* OriginKey(CbamPrecursorOrigin origin) {
  switch (origin) {
    case CbamPrecursorOrigin::kOwnInstallation: return "own";
    case CbamPrecursorOrigin::kSupplier: return "supplier";
    case CbamPrecursorOrigin::kDefault: return "default";
  }
  return "own";
}

}  // namespace

std::string FormatCbam(const FootprintReport& report, Language language) {
  // Only formats: the figures are the pipeline's (engine/run/product_run.cc calls CalculateCbam).
  if (!report.cbam) throw Error(ErrorKind::kUnsupported, "cbam: no CBAM figures were calculated for this report");
  const CbamResult& c = *report.cbam;
  const Labels L{language};
  const ProductFile& p = report.product;
  std::string out;
  auto line = [&out](const std::string& s) { out += s + "\n"; };
  const bool own_clinker = c.clinker_origin == CbamPrecursorOrigin::kOwnInstallation;
  const std::string origin = own_clinker ? L(kOwnInstallation)
                             : c.clinker_origin == CbamPrecursorOrigin::kSupplier
                                 ? fmt::format("{}: {}", L(kBoughtSupplier), c.clinker_source)
                                 : fmt::format("{}: {}", L(kBoughtDefault), c.clinker_source);

  const std::string& name = language == Language::kChinese && !p.name_zh.empty() ? p.name_zh : p.name;
  line(fmt::format("# {} — {}", L(kTitle), name.empty() ? p.id : name));
  line("");
  line(L(kIntro));
  line("");
  line(fmt::format("- {}: {} (`{}`), {} {}", L(Label::kProduct), name, p.id, FormatDouble(p.declared_unit.amount),
                   p.declared_unit.unit.name));
  line(fmt::format("- {}: {}", L(kGood), c.is_clinker ? L(kGoodClinker) : L(kGoodCement)));
  line(fmt::format("- {}: {}{}{}", L(kInstallation), p.company, p.site.empty() ? "" : ", ", p.site));
  line(fmt::format("- {}: {}", L(Label::kReferencePeriod), p.reference_period));
  line(fmt::format("- {}: {} {} (sha256 {})", L(Label::kDatabase), report.manifest.db_name, report.manifest.db_version,
                   report.manifest.db_sha256));
  line(fmt::format("- {}: {} — {}", L(Label::kIndicator), kCbamIndicator, L(kIndicatorNote)));
  line("");

  line(fmt::format("## {}", L(kSeeHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} |", L(kColGood), L(kColDirect), L(kColIndirect), L(Label::kTotal),
                   L(kColElectricity)));
  line("|---|---:|---:|---:|---:|");
  line(fmt::format("| {} | {} | {} | {} | {} |", L(kRowClinker), F4(c.see_clinker_direct), F4(c.see_clinker_indirect),
                   F4(c.see_clinker_direct + c.see_clinker_indirect), own_clinker ? F4(c.clinker.kwh / 1000) : "—"));
  if (!c.is_clinker)
    line(fmt::format("| {} | {} | {} | {} | {} |", L(kRowCement), F4(c.see_cement_direct), F4(c.see_cement_indirect),
                     F4(c.see_cement_direct + c.see_cement_indirect), F4(c.cement.kwh / 1000)));
  line("");

  // Clinker detail: the own installation's figures, or where the bought clinker's come from.
  line(fmt::format("## {} (`{}`)", own_clinker ? L(kClinkerHeading) : L(kBoughtHeading), c.clinker_product));
  line("");
  line(fmt::format("| {} | {} | {} |", L(kColItem), L(Label::kValue), L(Label::kUnit)));
  line("|---|---:|---|");
  if (own_clinker) {
    line(fmt::format("| {} | {} | t CO2/t |", L(kProcessCo2), F4(c.clinker.process_kg / 1000)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kCombustionCo2), F4(c.clinker.combustion_kg / 1000)));
  }
  line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeDirect), F4(c.see_clinker_direct)));
  if (own_clinker) line(fmt::format("| {} | {} | MWh/t |", L(kElectricityUse), F4(c.clinker.kwh / 1000)));
  line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeIndirect), F4(c.see_clinker_indirect)));
  line("");
  if (!own_clinker) {
    line(fmt::format("{}: {}", L(kColOrigin), origin));
    line("");
  }

  if (!c.is_clinker) {
    line(fmt::format("## {}", L(kCementHeading)));
    line("");
    line(fmt::format("| {} | {} | {} |", L(kColItem), L(Label::kValue), L(Label::kUnit)));
    line("|---|---:|---|");
    line(fmt::format("| {} | {} | t/t |", L(kClinkerRatio), F4(c.clinker_ratio)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kPrecursorDirect), F4(c.clinker_ratio * c.see_clinker_direct)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kMillDirect), F4(c.cement_own_direct)));
    line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeDirect), F4(c.see_cement_direct)));
    line(fmt::format("| {} | {} | MWh/t |", L(kMillElectricity), F4(c.cement_own.kwh / 1000)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kPrecursorIndirect), F4(c.clinker_ratio * c.see_clinker_indirect)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kMillIndirect), F4(c.cement_own_indirect)));
    line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeIndirect), F4(c.see_cement_indirect)));
    // Bought clinker's electricity is not known (only its embedded emissions are).
    if (own_clinker) line(fmt::format("| {} | {} | MWh/t |", L(kElectricityTotal), F4(c.cement.kwh / 1000)));
    line("");
    line(fmt::format("### {}", L(kPrecursorHeading)));
    line("");
    line(fmt::format("| {} | {} | {} | {} | {} |", L(kColPrecursor), L(kColAmount), L(kSeeDirect), L(kSeeIndirect),
                     L(kColOrigin)));
    line("|---|---:|---:|---:|---|");
    line(fmt::format("| {} (CN 2523 10 00) | {} | {} | {} | {} |", c.clinker_product, F4(c.clinker_ratio),
                     F4(c.see_clinker_direct), F4(c.see_clinker_indirect), origin));
    line("");
  }

  // Electricity factors: the country default and the actual supply, each with its source; which is used.
  const CbamElectricityFactor& grid = c.country_default;
  line(fmt::format("## {}", L(kEfHeading)));
  line("");
  line(fmt::format("- {}: `{}` = {} t CO2/MWh — {}", L(kEfDefault), grid.product, F4(grid.t_per_mwh), L(kEfDefaultNote)));
  for (const FactorRecord& f : grid.factors)
    line(fmt::format("  - {}: {} = {} {} ({}, {}): {}", L(kEfSource), f.id, FormatDouble(f.value), f.unit, f.confidence,
                     f.data_year, f.source));
  if (c.actual)
    line(fmt::format("- {}: {} t CO2/MWh — {}: {}", L(kEfActual), F4(c.actual->t_per_mwh), L(kEfSource), c.actual->source));
  else
    line(fmt::format("- {}: {}", L(kEfActual), L(kEfActualNone)));
  line(fmt::format("- **{}: {} = {} t CO2/MWh**", L(kEfUsedHeading), c.actual ? L(kEfUsedActual) : L(kEfUsedDefault),
                   F4(c.factor_used().t_per_mwh)));
  line("");

  // Fuels.
  auto fuel_table = [&](const Text& heading, const CbamTally& t) {
    if (t.fuels.empty()) return;
    line(fmt::format("## {}", L(heading)));
    line("");
    line(fmt::format("| {} | {} | {} | {} |", L(kColFuel), L(kColHeat), L(kColFactor), L(kColCo2)));
    line("|---|---:|---:|---:|");
    for (const auto& [id, fuel] : t.fuels)
      line(fmt::format("| {} | {} | {} | {} |", id, F4(fuel.mj / 1000), F3(fuel.kg_per_mj * 1000), F4(fuel.co2_kg / 1000)));
    line("");
    line(L(kFuelNote));
    line("");
  };
  if (own_clinker) fuel_table(kFuelHeading, c.clinker);
  if (!c.is_clinker) fuel_table(kFuelHeadingCement, c.cement_own);

  // Processes.
  line(fmt::format("## {}", L(kProcessHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} | {} |", L(Label::kProcess), L(Label::kStage), L(kColRole), L(kColProcessCo2),
                   L(kColCombustion), L(kColKwh)));
  line("|---|---|---|---:|---:|---:|");
  for (const CbamProcessLine& pl : c.processes)
    line(fmt::format("| {} | {} | {} | {} | {} | {} |", pl.process, pl.stage,
                     pl.role == CbamRole::kClinker ? L(kRoleClinker) : L(kRoleCement), F4(pl.process_kg / 1000),
                     F4(pl.combustion_kg / 1000), F3(pl.kwh)));
  line("");

  // Defaults.
  const int years[] = {2026, 2027, 2028};
  line(fmt::format("## {}", L(kDefaultsHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} | {} 2026 | {} 2027 | {} 2028 | {} | {} |", L(kColCn), L(kColGood),
                   L(kColDirect), L(kColIndirect), L(Label::kTotal), L(kWithMarkup), L(kWithMarkup), L(kWithMarkup),
                   L(kColRows), L(kColConfidence)));
  line("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
  std::vector<const FactorRecord*> used;
  std::string values;
  for (const CbamDefault& d : c.defaults) {
    if (!d.direct || !d.indirect) {
      line(fmt::format("| {} | {} | {} | | | | | | {}, {} | |", d.cn, L(DefaultLabel(d.key)), L(kDefaultsMissing),
                       d.direct_id, d.indirect_id));
      continue;
    }
    used.push_back(d.direct);
    used.push_back(d.indirect);
    std::string marked[3];
    for (int y = 0; y < 3; ++y) {
      marked[y] = d.with_markup[y] ? F3(*d.with_markup[y]) : "—";
      if (d.with_markup[y])
        values += fmt::format("default_total_{}_{} = {}\n", d.direct_id.substr(0, d.direct_id.size() - 4), years[y],
                              FormatDouble(*d.with_markup[y]));
    }
    const std::string confidence = d.direct->confidence == d.indirect->confidence
                                       ? d.direct->confidence
                                       : fmt::format("{} / {}", d.direct->confidence, d.indirect->confidence);
    line(fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {}, {} | {} |", d.cn, L(DefaultLabel(d.key)),
                     F3(d.direct->value), F3(d.indirect->value), F3(d.total), marked[0], marked[1], marked[2],
                     d.direct_id, d.indirect_id, confidence));
    values += fmt::format("default_{} = {}\ndefault_{} = {}\n", d.direct->id, FormatDouble(d.direct->value),
                          d.indirect->id, FormatDouble(d.indirect->value));
  }
  line("");
  for (int y = 0; y < 3; ++y)
    if (c.markup[y]) {
      used.push_back(c.markup[y]);
      values += fmt::format("markup_{} = {}\n", years[y], FormatDouble(c.markup[y]->value));
    }
  line(fmt::format("**{}**", L(kDefaultsNote)));
  line("");
  std::set<std::string> sources;
  for (const FactorRecord* f : used) sources.insert(f->source);
  line(fmt::format("{}:", L(kSources)));
  for (const FactorRecord* f : used)
    line(fmt::format("- {} = {} {} ({}, data year {})", f->id, FormatDouble(f->value), f->unit, f->confidence,
                     f->data_year));
  for (const std::string& s : sources) line(fmt::format("- {}", s));
  line("");

  // Comparison.
  line(fmt::format("## {}", L(kComparisonHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} 2026 | {} 2027 | {} 2028 |", L(kColGood), L(kColActual), L(kColDefault),
                   L(kWithMarkup), L(kWithMarkup), L(kWithMarkup)));
  line("|---|---:|---:|---:|---:|---:|");
  auto compare = [&](const Text& good, double actual, const CbamDefault& d) {
    if (!d.direct || !d.indirect) return;
    std::string marked[3];
    for (int y = 0; y < 3; ++y) marked[y] = d.with_markup[y] ? F3(*d.with_markup[y]) : "—";
    line(fmt::format("| {} vs {} | {} | {} | {} | {} | {} |", L(good), L(DefaultLabel(d.key)), F4(actual), F3(d.total),
                     marked[0], marked[1], marked[2]));
  };
  if (own_clinker)
    for (const CbamDefault& d : c.defaults)
      if (d.key != "cement") compare(kRowClinker, c.see_clinker_direct + c.see_clinker_indirect, d);
  if (!c.is_clinker)
    for (const CbamDefault& d : c.defaults)
      if (d.key == "cement") compare(kRowCement, c.see_cement_direct + c.see_cement_indirect, d);
  line("");

  line(fmt::format("## {}", L(kNotesHeading)));
  line("");
  line(fmt::format("- {}", L(kNote1)));
  line(fmt::format("- {}", L(kNote2)));
  line(fmt::format("- {}", L(kNote3)));
  line("");

  // Machine-readable values, full precision (keys the same in every language).
  line(fmt::format("## {}", L(kValuesHeading)));
  line("");
  line("```");
  line(fmt::format("good = {}", c.is_clinker ? "clinker" : "cement"));
  line(fmt::format("clinker_product = {}", c.clinker_product));
  line(fmt::format("clinker_origin = {}", OriginKey(c.clinker_origin)));
  if (!own_clinker) line(fmt::format("clinker_source = {}", c.clinker_source));
  line(fmt::format("see_clinker_direct = {}", FormatDouble(c.see_clinker_direct)));
  line(fmt::format("see_clinker_indirect = {}", FormatDouble(c.see_clinker_indirect)));
  if (own_clinker) {
    line(fmt::format("clinker_process_co2 = {}", FormatDouble(c.clinker.process_kg / 1000)));
    line(fmt::format("clinker_combustion_co2 = {}", FormatDouble(c.clinker.combustion_kg / 1000)));
    line(fmt::format("clinker_electricity_mwh = {}", FormatDouble(c.clinker.kwh / 1000)));
  }
  if (!c.is_clinker) {
    line(fmt::format("clinker_ratio = {}", FormatDouble(c.clinker_ratio)));
    line(fmt::format("see_cement_direct = {}", FormatDouble(c.see_cement_direct)));
    line(fmt::format("see_cement_indirect = {}", FormatDouble(c.see_cement_indirect)));
    line(fmt::format("cement_own_direct = {}", FormatDouble(c.cement_own_direct)));
    line(fmt::format("cement_own_electricity_mwh = {}", FormatDouble(c.cement_own.kwh / 1000)));
    line(fmt::format("cement_electricity_mwh = {}", FormatDouble(c.cement.kwh / 1000)));
  }
  line(fmt::format("grid_product = {}", grid.product));
  line(fmt::format("grid_factor_ids = {}", FactorIds(grid)));
  line(fmt::format("grid_t_co2_per_mwh = {}", FormatDouble(grid.t_per_mwh)));
  if (c.actual) {
    line(fmt::format("actual_t_co2_per_mwh = {}", FormatDouble(c.actual->t_per_mwh)));
    line(fmt::format("actual_source = {}", c.actual->source));
  }
  line(fmt::format("electricity_factor_used = {}", c.actual ? "actual" : "country-default"));
  line(fmt::format("electricity_t_co2_per_mwh = {}", FormatDouble(c.factor_used().t_per_mwh)));
  out += values;
  line("```");
  return out;
}

}  // namespace pcf
