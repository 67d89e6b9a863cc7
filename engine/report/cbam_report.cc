// The `cbam` view of a product footprint (issue 6): specific embedded emissions (SEE) of cement and
// clinker as the EU CBAM rules define them (Regulation (EU) 2023/956 Annex IV; CO2 only, direct and
// indirect apart, clinker as the precursor of cement), next to the EU default values for China read from
// the database's CBAM-* factor rows. Method and layout: docs/report-formats.md, section `cbam`.
//
// Everything comes from the linked system and the solved supply; nothing of the footprint is re-solved
// except the small foreground block for one tonne of clinker (to attribute the installation's emissions
// to the clinker precursor and to the cement mill).
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

#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/units.h"
#include "engine/report/labels.h"
#include "engine/report/render.h"

namespace pcf {

namespace {

constexpr const char* kCbamIndicator = "CO2-ETS";
constexpr const char* kHeatPrefix = "heat, ";
constexpr const char* kElectricityPrefix = "electricity, ";
constexpr const char* kGridPrefix = "electricity, grid, ";
constexpr const char* kInstallationStage = "A3";

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
const Text kEfHeading{"Electricity emission factor", "电力排放因子"};
const Text kEfUsed{"Grid factor used for indirect emissions", "间接排放所用电网因子"};
const Text kEfNote{
    "the latest official provincial grid average in the database (CO2 only, generation side) — not the life-cycle "
    "electricity mix the footprint uses",
    "数据库中最新的官方省级电网平均因子（仅CO2，发电侧）——不是碳足迹所用的生命周期电力结构"};
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
const Text kRoleOutside{"outside the installation (not A3)", "设施之外（非A3）"};
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
    "Installation = the foreground processes of stage A3; A1/A2 foreground processes (quarrying, haulage) are "
    "listed but are outside the installation; background inputs count only as fuels burned on site (`heat, …`) "
    "and electricity (`electricity, …`).",
    "设施 = A3 阶段的前景过程；A1/A2 前景过程（开采、运输）列出但不属于设施；背景输入仅以现场燃烧的燃料（`heat, …`）"
    "和电力（`electricity, …`）计入。"};
const Text kNote2{
    "Indirect emissions = electricity consumed × the grid factor above (CBAM: the country grid default unless a "
    "direct technical link or a qualifying power purchase agreement allows actual data).",
    "间接排放 = 耗电量 × 上述电网因子（CBAM：除直接技术连接或合格购电协议外使用电网默认值）。"};
const Text kNote3{
    "Annex IV details are from secondary sources (UNCONFIRMED, ../shared/reference/standards.md §4); reported for "
    "one product file's annual data, not yet per installation and reporting period as a CBAM declaration needs.",
    "附件IV细节来自二手资料（未经核实，../shared/reference/standards.md §4）；按产品文件的年度数据计算，"
    "尚未按CBAM申报要求的设施与报告期汇总。"};
const Text kValuesHeading{"Values (full precision, t CO2 per t, MWh per t)", "数值（全精度，t CO2/t，MWh/t）"};

// ---------------------------------------------------------------------------------------------------
// Computation.

bool Contains(const std::string& text, const std::string& needle) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(needle) != std::string::npos;
}

bool StartsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// Tonnes per one `unit` of a mass unit, or nullopt.
std::optional<double> TonnesPer(const std::string& unit) {
  auto info = FindUnit(unit);
  if (!info || info->dimension != Dimension::kMass) return std::nullopt;
  return info->to_base / 1000.0;
}

struct FuelUse {
  double mj = 0;
  double co2_kg = 0;
  double kg_per_mj = 0;
};

// What a weighted set of foreground columns does in CBAM terms (kg CO2, kWh).
struct Tally {
  double process_kg = 0;     // the columns' own CO2-ETS emissions
  double combustion_kg = 0;  // CO2 of `heat, …` burned by them (the heat process's own emission)
  double kwh = 0;            // `electricity, …` consumed by them
  std::map<std::string, FuelUse> fuels;
  double DirectKg() const { return process_kg + combustion_kg; }
};

class CbamCalculator {
 public:
  explicit CbamCalculator(const FootprintReport& report) : r_(report), m_(report.system.model) {
    auto row = m_.indicators.Find(kCbamIndicator);
    if (!row)
      throw Error(ErrorKind::kUnsupported,
                  fmt::format("cbam: the database has no {} indicator (fossil CO2 only), which the CBAM view needs",
                              kCbamIndicator));
    const int k = static_cast<int>(*row);
    // CO2-ETS emission of every process's own B column.
    cf_.assign(m_.flows.Size(), 0.0);
    for (int f = 0; f < m_.characterization.outerSize(); ++f)
      for (SparseMatrix::InnerIterator it(m_.characterization, f); it; ++it)
        if (it.row() == k) cf_[static_cast<std::size_t>(f)] = it.value();
    own_.assign(m_.processes.Size(), 0.0);
    for (int j = 0; j < m_.interventions.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(m_.interventions, j); it; ++it)
        own_[static_cast<std::size_t>(j)] += cf_[static_cast<std::size_t>(it.row())] * it.value();
    // The provider of every background product (its positive entry).
    const std::size_t bg = r_.system.supplier_begin;
    provider_.assign(m_.products.Size(), -1);
    for (int j = 0; j < static_cast<int>(bg); ++j)
      for (SparseMatrix::InnerIterator it(m_.technosphere, j); it; ++it)
        if (it.value() > 0 && provider_[static_cast<std::size_t>(it.row())] < 0) provider_[static_cast<std::size_t>(it.row())] = j;
    // Prefer the process of the same id as the product (a database process and its reference product).
    for (std::size_t p = 0; p < bg && p < m_.products.Size(); ++p)
      if (auto j = m_.processes.Find(m_.products.At(p).id);
          j && *j < bg && m_.technosphere.coeff(static_cast<int>(p), static_cast<int>(*j)) > 0)
        provider_[p] = static_cast<int>(*j);
  }

  // Own CO2-ETS emission (kg) per unit of a background product, from its provider's own B column.
  double DirectPerUnit(std::size_t product_row) const {
    const int j = provider_.at(product_row);
    if (j < 0) return 0;
    const double out = m_.technosphere.coeff(static_cast<int>(product_row), j);
    return out > 0 ? own_[static_cast<std::size_t>(j)] / out : 0;
  }

  // Adds weight × column c.
  void Add(std::size_t column, double weight, Tally* t) const {
    if (weight == 0) return;
    t->process_kg += weight * own_[column];
    for (SparseMatrix::InnerIterator it(m_.technosphere, static_cast<int>(column)); it; ++it) {
      const auto row = static_cast<std::size_t>(it.row());
      if (row >= r_.system.supplier_begin) continue;  // foreground products and supplier footprints
      const IndexEntry& product = m_.products.At(row);
      const double amount = -it.value() * weight;  // consumed (net of avoided)
      if (StartsWith(product.id, kHeatPrefix)) {
        auto unit = FindUnit(product.unit);
        const double mj = unit && unit->dimension == Dimension::kEnergy ? amount * unit->to_base : amount;
        const double kg = amount * DirectPerUnit(row);
        t->combustion_kg += kg;
        FuelUse& fuel = t->fuels[product.id];
        fuel.mj += mj;
        fuel.co2_kg += kg;
      } else if (StartsWith(product.id, kElectricityPrefix)) {
        auto unit = FindUnit(product.unit);
        if (!unit || unit->dimension != Dimension::kEnergy)
          throw Error(ErrorKind::kUnsupported,
                      fmt::format("cbam: \"{}\" is not in an energy unit (\"{}\")", product.id, product.unit));
        t->kwh += amount * unit->to_base / 3.6;  // MJ → kWh
      }
    }
  }

  const FootprintReport& r_;
  const Model& m_;
  std::vector<double> cf_;
  std::vector<double> own_;
  std::vector<int> provider_;
};

void Subtract(const Tally& b, double scale, Tally* a) {
  a->process_kg -= scale * b.process_kg;
  a->combustion_kg -= scale * b.combustion_kg;
  a->kwh -= scale * b.kwh;
  for (const auto& [id, f] : b.fuels) {
    a->fuels[id].mj -= scale * f.mj;
    a->fuels[id].co2_kg -= scale * f.co2_kg;
  }
}

struct GridFactor {
  std::string product;
  double kg_per_kwh = 0;
  std::vector<const FactorRecord*> factors;
  std::vector<std::string> factor_ids;
};

struct ProcessLine {
  std::string process, stage, output;
  const Text* role = nullptr;
  double process_kg = 0, combustion_kg = 0, kwh = 0;  // per declared unit
};

struct CbamResult {
  bool is_clinker = false;
  std::string clinker_product;
  double declared_t = 0;  // tonnes of the declared unit
  Tally clinker;          // per t clinker
  Tally cement;           // per t cement, everything in the installation
  Tally cement_own;       // per t cement, without the precursor clinker
  double clinker_ratio = 0;
  GridFactor grid;
  std::vector<ProcessLine> processes;
  double SeeDir(const Tally& t) const { return t.DirectKg() / 1000.0; }
  double SeeInd(const Tally& t) const { return t.kwh * grid.kg_per_kwh / 1000.0; }
};

const FactorRecord* FindFactor(const ModelInfo* info, const std::string& id) {
  if (!info) return nullptr;
  for (const FactorRecord& f : info->factors)
    if (f.id == id) return &f;
  return nullptr;
}

GridFactor FindGrid(const CbamCalculator& calc, const FootprintReport& report) {
  const Model& m = report.system.model;
  const std::string geography = report.product.geography.empty() ? "CN-HB" : report.product.geography;
  const std::string prefix = fmt::format("{}{}, ", kGridPrefix, geography);
  GridFactor grid;
  int best_year = -1;
  std::size_t best_row = 0;
  for (std::size_t p = 0; p < report.system.supplier_begin && p < m.products.Size(); ++p) {
    const std::string& id = m.products.At(p).id;
    if (!StartsWith(id, prefix)) continue;
    const std::string year = id.substr(prefix.size());
    if (year.size() != 4 || !std::all_of(year.begin(), year.end(), [](unsigned char c) { return std::isdigit(c); }))
      continue;
    const int y = std::stoi(year);
    if (y > best_year) {
      best_year = y;
      best_row = p;
    }
  }
  if (best_year < 0)
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: the database has no grid electricity factor \"{}<year>\" for the indirect emissions",
                            prefix));
  grid.product = m.products.At(best_row).id;
  auto unit = FindUnit(m.products.At(best_row).unit);
  const double kwh_per_unit = unit && unit->dimension == Dimension::kEnergy ? unit->to_base / 3.6 : 1.0;
  grid.kg_per_kwh = calc.DirectPerUnit(best_row) / kwh_per_unit;
  // Where the number came from: the factor ids of the provider's B entries.
  if (const ModelInfo* info = report.database_info) {
    auto j = m.processes.Find(grid.product);
    if (j)
      for (const EntrySource& e : info->entry_sources)
        if (e.matrix == 'B' && e.col == static_cast<int>(*j) &&
            std::find(grid.factor_ids.begin(), grid.factor_ids.end(), e.factor_id) == grid.factor_ids.end())
          grid.factor_ids.push_back(e.factor_id);
    for (const std::string& id : grid.factor_ids)
      if (const FactorRecord* f = FindFactor(info, id)) grid.factors.push_back(f);
  }
  return grid;
}

CbamResult Calculate(const FootprintReport& report) {
  const LinkedSystem& sys = report.system;
  const Model& m = sys.model;
  const std::string& declared = m.products.At(sys.reference_row).id;
  const Eigen::VectorXd& supply = report.footprint.lci.supply;
  const std::size_t nf = sys.foreground.size();
  auto column = [&](std::size_t k) { return sys.foreground_begin + k; };
  auto output_row = [&](std::size_t k) { return *m.products.Find(sys.foreground[k].output_product); };
  auto used = [&](std::size_t k) { return supply[static_cast<Eigen::Index>(column(k))] != 0; };

  // Which good: clinker itself, or cement made from clinker in the foreground.
  std::vector<std::size_t> clinker_columns;
  for (std::size_t k = 0; k < nf; ++k)
    if (Contains(sys.foreground[k].output_product, "clinker") && used(k)) clinker_columns.push_back(k);
  CbamResult result;
  result.is_clinker = Contains(declared, "clinker");
  if (clinker_columns.empty())
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: \"{}\" is neither clinker nor made from clinker in this product file's foreground; "
                            "the CBAM view is only for cement and clinker (CN 2523 10 00, 2523 21/29/90 00)",
                            declared));
  std::set<std::string> clinker_products;
  for (std::size_t k : clinker_columns) clinker_products.insert(sys.foreground[k].output_product);
  if (result.is_clinker) clinker_products = {declared};
  if (clinker_products.size() != 1)
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: more than one foreground clinker product ({}); the CBAM view needs one clinker "
                            "precursor, so merge them into one process",
                            fmt::join(clinker_products, ", ")));
  result.clinker_product = *clinker_products.begin();

  const std::size_t clinker_row = *m.products.Find(result.clinker_product);
  const auto clinker_t = TonnesPer(m.products.At(clinker_row).unit);
  const auto declared_t = TonnesPer(m.products.At(sys.reference_row).unit);
  if (!clinker_t || !declared_t)
    throw Error(ErrorKind::kUnsupported, "cbam: the clinker and the declared product must be stated in a mass unit");
  result.declared_t = sys.demand[static_cast<Eigen::Index>(sys.reference_row)] * *declared_t;
  if (!(result.declared_t > 0)) throw Error(ErrorKind::kUnsupported, "cbam: the declared unit has no mass");

  const CbamCalculator calc(report);
  result.grid = FindGrid(calc, report);

  // The installation: foreground columns of stage A3, and the clinker-making column wherever it sits.
  auto in_installation = [&](std::size_t k) {
    return sys.foreground[k].stage == kInstallationStage || sys.foreground[k].output_product == result.clinker_product;
  };

  // Per t clinker: the foreground block solved for one tonne of clinker.
  const auto n = static_cast<Eigen::Index>(nf);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t k = 0; k < nf; ++k)
    for (SparseMatrix::InnerIterator it(m.technosphere, static_cast<int>(column(k))); it; ++it)
      if (static_cast<std::size_t>(it.row()) >= sys.foreground_product_begin)
        a(static_cast<Eigen::Index>(static_cast<std::size_t>(it.row()) - sys.foreground_product_begin),
          static_cast<Eigen::Index>(k)) += it.value();
  Eigen::VectorXd f = Eigen::VectorXd::Zero(n);
  f[static_cast<Eigen::Index>(clinker_row - sys.foreground_product_begin)] = 1.0 / *clinker_t;  // 1 t
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible())
    throw Error(ErrorKind::kNumerical, "cbam: the foreground processes cannot be solved for one tonne of clinker");
  const Eigen::VectorXd x = lu.solve(f);
  for (std::size_t k = 0; k < nf; ++k)
    if (in_installation(k)) calc.Add(column(k), x[static_cast<Eigen::Index>(k)], &result.clinker);

  // Per t of the declared product: every installation column at the solved supply.
  for (std::size_t k = 0; k < nf; ++k) {
    const double s = supply[static_cast<Eigen::Index>(column(k))];
    if (in_installation(k)) calc.Add(column(k), s / result.declared_t, &result.cement);
    ProcessLine line{sys.foreground[k].process_id, sys.foreground[k].stage, sys.foreground[k].output_product, nullptr,
                     0, 0, 0};
    Tally t;
    calc.Add(column(k), s, &t);
    line.process_kg = t.process_kg;
    line.combustion_kg = t.combustion_kg;
    line.kwh = t.kwh;
    line.role = !in_installation(k) ? &kRoleOutside
                : (std::abs(x[static_cast<Eigen::Index>(k)]) > 0) ? &kRoleClinker
                                                                   : &kRoleCement;
    if (s != 0) result.processes.push_back(line);
  }
  // Clinker consumed per t of the declared product: the clinker column's output at the solved supply.
  double clinker_made = 0;
  for (std::size_t k : clinker_columns)
    if (output_row(k) == clinker_row)
      clinker_made += supply[static_cast<Eigen::Index>(column(k))] * m.technosphere.coeff(static_cast<int>(clinker_row), static_cast<int>(column(k)));
  result.clinker_ratio = clinker_made * *clinker_t / result.declared_t;
  if (result.is_clinker) result.clinker_ratio = 1;

  // The cement production's own part: everything minus the precursor; rounding noise is cleared.
  result.cement_own = result.cement;
  Subtract(result.clinker, result.clinker_ratio, &result.cement_own);
  auto clean = [](double* v, double scale) {
    if (std::abs(*v) <= 1e-12 * std::max(1.0, std::abs(scale))) *v = 0;
  };
  clean(&result.cement_own.process_kg, result.cement.process_kg);
  clean(&result.cement_own.combustion_kg, result.cement.combustion_kg);
  clean(&result.cement_own.kwh, result.cement.kwh);
  for (auto it = result.cement_own.fuels.begin(); it != result.cement_own.fuels.end();) {
    clean(&it->second.mj, result.cement.fuels[it->first].mj);
    clean(&it->second.co2_kg, result.cement.fuels[it->first].co2_kg);
    if (it->second.mj == 0 && it->second.co2_kg == 0) it = result.cement_own.fuels.erase(it);
    else ++it;
  }
  for (Tally* t : {&result.clinker, &result.cement, &result.cement_own})
    for (auto& [id, fuel] : t->fuels) fuel.kg_per_mj = fuel.mj != 0 ? fuel.co2_kg / fuel.mj : 0;
  return result;
}

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

struct DefaultRow {
  const Text* good;
  const char* cn;
  std::string dir_id, ind_id;
};

}  // namespace

std::string FormatCbam(const FootprintReport& report, Language language) {
  const CbamResult c = Calculate(report);
  const Labels L{language};
  const ProductFile& p = report.product;
  const ModelInfo* info = report.database_info;
  std::string out;
  auto line = [&out](const std::string& s) { out += s + "\n"; };

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

  const double see_clk_dir = c.SeeDir(c.clinker), see_clk_ind = c.SeeInd(c.clinker);
  const double see_cem_dir = c.SeeDir(c.cement), see_cem_ind = c.SeeInd(c.cement);

  line(fmt::format("## {}", L(kSeeHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} |", L(kColGood), L(kColDirect), L(kColIndirect), L(Label::kTotal),
                   L(kColElectricity)));
  line("|---|---:|---:|---:|---:|");
  line(fmt::format("| {} | {} | {} | {} | {} |", L(kRowClinker), F4(see_clk_dir), F4(see_clk_ind),
                   F4(see_clk_dir + see_clk_ind), F4(c.clinker.kwh / 1000)));
  if (!c.is_clinker)
    line(fmt::format("| {} | {} | {} | {} | {} |", L(kRowCement), F4(see_cem_dir), F4(see_cem_ind),
                     F4(see_cem_dir + see_cem_ind), F4(c.cement.kwh / 1000)));
  line("");

  // Clinker detail.
  line(fmt::format("## {} (`{}`)", L(kClinkerHeading), c.clinker_product));
  line("");
  line(fmt::format("| {} | {} | {} |", L(kColItem), L(Label::kValue), L(Label::kUnit)));
  line("|---|---:|---|");
  line(fmt::format("| {} | {} | t CO2/t |", L(kProcessCo2), F4(c.clinker.process_kg / 1000)));
  line(fmt::format("| {} | {} | t CO2/t |", L(kCombustionCo2), F4(c.clinker.combustion_kg / 1000)));
  line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeDirect), F4(see_clk_dir)));
  line(fmt::format("| {} | {} | MWh/t |", L(kElectricityUse), F4(c.clinker.kwh / 1000)));
  line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeIndirect), F4(see_clk_ind)));
  line("");

  if (!c.is_clinker) {
    line(fmt::format("## {}", L(kCementHeading)));
    line("");
    line(fmt::format("| {} | {} | {} |", L(kColItem), L(Label::kValue), L(Label::kUnit)));
    line("|---|---:|---|");
    line(fmt::format("| {} | {} | t/t |", L(kClinkerRatio), F4(c.clinker_ratio)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kPrecursorDirect), F4(c.clinker_ratio * see_clk_dir)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kMillDirect), F4(c.SeeDir(c.cement_own))));
    line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeDirect), F4(see_cem_dir)));
    line(fmt::format("| {} | {} | MWh/t |", L(kMillElectricity), F4(c.cement_own.kwh / 1000)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kPrecursorIndirect), F4(c.clinker_ratio * see_clk_ind)));
    line(fmt::format("| {} | {} | t CO2/t |", L(kMillIndirect), F4(c.SeeInd(c.cement_own))));
    line(fmt::format("| **{}** | **{}** | t CO2/t |", L(kSeeIndirect), F4(see_cem_ind)));
    line(fmt::format("| {} | {} | MWh/t |", L(kElectricityTotal), F4(c.cement.kwh / 1000)));
    line("");
    line(fmt::format("### {}", L(kPrecursorHeading)));
    line("");
    line(fmt::format("| {} | {} | {} | {} | {} |", L(kColPrecursor), L(kColAmount), L(kSeeDirect), L(kSeeIndirect),
                     L(kColOrigin)));
    line("|---|---:|---:|---:|---|");
    line(fmt::format("| {} (CN 2523 10 00) | {} | {} | {} | {} |", c.clinker_product, F4(c.clinker_ratio),
                     F4(see_clk_dir), F4(see_clk_ind), L(kOwnInstallation)));
    line("");
  }

  // Electricity factor.
  line(fmt::format("## {}", L(kEfHeading)));
  line("");
  line(fmt::format("- {}: `{}` = {} t CO2/MWh — {}", L(kEfUsed), c.grid.product, F4(c.grid.kg_per_kwh),
                   L(kEfNote)));
  for (const FactorRecord* f : c.grid.factors)
    line(fmt::format("- {}: {} = {} {} ({}, {}): {}", L(kEfSource), f->id, FormatDouble(f->value), f->unit,
                     f->confidence, f->data_year, f->source));
  if (c.grid.factors.empty())
    line(fmt::format("- {}: {}", L(kEfSource),
                     c.grid.factor_ids.empty() ? std::string("—") : fmt::format("{}", fmt::join(c.grid.factor_ids, ", "))));
  line("");

  // Fuels.
  auto fuel_table = [&](const Text& heading, const Tally& t) {
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
  fuel_table(kFuelHeading, c.clinker);
  if (!c.is_clinker) fuel_table(kFuelHeadingCement, c.cement_own);

  // Processes.
  line(fmt::format("## {}", L(kProcessHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} | {} |", L(Label::kProcess), L(Label::kStage), L(kColRole), L(kColProcessCo2),
                   L(kColCombustion), L(kColKwh)));
  line("|---|---|---|---:|---:|---:|");
  for (const ProcessLine& pl : c.processes)
    line(fmt::format("| {} | {} | {} | {} | {} | {} |", pl.process, pl.stage, L(*pl.role), F4(pl.process_kg / 1000),
                     F4(pl.combustion_kg / 1000), F3(pl.kwh)));
  line("");

  // Defaults.
  const std::vector<DefaultRow> defaults = {
      {&kDefClinkerA, "2523 10 00", "CBAM-CN-252310-A-DIR", "CBAM-CN-252310-A-IND"},
      {&kDefClinkerB, "2523 10 00", "CBAM-CN-252310-B-DIR", "CBAM-CN-252310-B-IND"},
      {&kDefCement, "2523 29 00", "CBAM-CN-252329-DIR", "CBAM-CN-252329-IND"},
  };
  const int years[] = {2026, 2027, 2028};
  const FactorRecord* markup[3] = {nullptr, nullptr, nullptr};
  for (int y = 0; y < 3; ++y) markup[y] = FindFactor(info, fmt::format("CBAM-MARKUP-{}", years[y]));
  line(fmt::format("## {}", L(kDefaultsHeading)));
  line("");
  line(fmt::format("| {} | {} | {} | {} | {} | {} 2026 | {} 2027 | {} 2028 | {} | {} |", L(kColCn), L(kColGood),
                   L(kColDirect), L(kColIndirect), L(Label::kTotal), L(kWithMarkup), L(kWithMarkup), L(kWithMarkup),
                   L(kColRows), L(kColConfidence)));
  line("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
  std::vector<const FactorRecord*> used;
  std::map<std::string, double> default_total;  // id of the direct row → direct + indirect
  std::string values;
  for (const DefaultRow& d : defaults) {
    const FactorRecord* dir = FindFactor(info, d.dir_id);
    const FactorRecord* ind = FindFactor(info, d.ind_id);
    if (!dir || !ind) {
      line(fmt::format("| {} | {} | {} | | | | | | {}, {} | |", d.cn, L(*d.good), L(kDefaultsMissing), d.dir_id,
                       d.ind_id));
      continue;
    }
    used.push_back(dir);
    used.push_back(ind);
    const double total = dir->value + ind->value;
    default_total[d.dir_id] = total;
    std::string marked[3];
    for (int y = 0; y < 3; ++y) {
      marked[y] = markup[y] ? F3(total * (1 + markup[y]->value)) : "—";
      if (markup[y])
        values += fmt::format("default_total_{}_{} = {}\n", d.dir_id.substr(0, d.dir_id.size() - 4), years[y],
                              FormatDouble(total * (1 + markup[y]->value)));
    }
    const std::string confidence =
        dir->confidence == ind->confidence ? dir->confidence : fmt::format("{} / {}", dir->confidence, ind->confidence);
    line(fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {}, {} | {} |", d.cn, L(*d.good), F3(dir->value),
                     F3(ind->value), F3(total), marked[0], marked[1], marked[2], d.dir_id, d.ind_id, confidence));
    values += fmt::format("default_{} = {}\ndefault_{} = {}\n", dir->id, FormatDouble(dir->value), ind->id,
                          FormatDouble(ind->value));
  }
  line("");
  for (int y = 0; y < 3; ++y)
    if (markup[y]) {
      used.push_back(markup[y]);
      values += fmt::format("markup_{} = {}\n", years[y], FormatDouble(markup[y]->value));
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
  auto compare = [&](const Text& good, double actual, const DefaultRow& d) {
    auto it = default_total.find(d.dir_id);
    if (it == default_total.end()) return;
    std::string marked[3];
    for (int y = 0; y < 3; ++y) marked[y] = markup[y] ? F3(it->second * (1 + markup[y]->value)) : "—";
    line(fmt::format("| {} vs {} | {} | {} | {} | {} | {} |", L(good), L(*d.good), F4(actual), F3(it->second),
                     marked[0], marked[1], marked[2]));
  };
  compare(kRowClinker, see_clk_dir + see_clk_ind, defaults[0]);
  compare(kRowClinker, see_clk_dir + see_clk_ind, defaults[1]);
  if (!c.is_clinker) compare(kRowCement, see_cem_dir + see_cem_ind, defaults[2]);
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
  line(fmt::format("see_clinker_direct = {}", FormatDouble(see_clk_dir)));
  line(fmt::format("see_clinker_indirect = {}", FormatDouble(see_clk_ind)));
  line(fmt::format("clinker_process_co2 = {}", FormatDouble(c.clinker.process_kg / 1000)));
  line(fmt::format("clinker_combustion_co2 = {}", FormatDouble(c.clinker.combustion_kg / 1000)));
  line(fmt::format("clinker_electricity_mwh = {}", FormatDouble(c.clinker.kwh / 1000)));
  if (!c.is_clinker) {
    line(fmt::format("clinker_ratio = {}", FormatDouble(c.clinker_ratio)));
    line(fmt::format("see_cement_direct = {}", FormatDouble(see_cem_dir)));
    line(fmt::format("see_cement_indirect = {}", FormatDouble(see_cem_ind)));
    line(fmt::format("cement_own_direct = {}", FormatDouble(c.SeeDir(c.cement_own))));
    line(fmt::format("cement_own_electricity_mwh = {}", FormatDouble(c.cement_own.kwh / 1000)));
    line(fmt::format("cement_electricity_mwh = {}", FormatDouble(c.cement.kwh / 1000)));
  }
  line(fmt::format("grid_product = {}", c.grid.product));
  line(fmt::format("grid_factor_ids = {}", fmt::join(c.grid.factor_ids, ", ")));
  line(fmt::format("grid_t_co2_per_mwh = {}", FormatDouble(c.grid.kg_per_kwh)));
  out += values;
  line("```");
  return out;
}

}  // namespace pcf
