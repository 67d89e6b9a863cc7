// CBAM embedded emissions (see cbam.h). Everything comes from the linked system and the solved supply;
// nothing of the footprint is re-solved except the small foreground block for one tonne of clinker (to
// attribute the installation's emissions to the clinker precursor and to the cement mill).
#include "engine/calc/cbam.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/core/error.h"
#include "engine/core/units.h"

namespace pcf {

namespace {

constexpr const char* kCbamIndicator = "CO2-ETS";
constexpr const char* kHeatPrefix = "heat, ";
constexpr const char* kElectricityPrefix = "electricity, ";
constexpr const char* kGridPrefix = "electricity, grid, ";
// The EU default of bought clinker without a supplier footprint: route (A), the higher of the two rows
// for China (what the routes mean is unconfirmed, docs/report-formats.md).
constexpr const char* kDefaultClinkerDirect = "CBAM-CN-252310-A-DIR";
constexpr const char* kDefaultClinkerIndirect = "CBAM-CN-252310-A-IND";

bool Contains(const std::string& text, const std::string& needle) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(needle) != std::string::npos;
}

bool StartsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// A clinker product by its id ("clinker", "clinker, Portland, …", "supplier footprint: … clinker …"); raw
// meal for clinker is not clinker.
bool IsClinker(const std::string& id) { return Contains(id, "clinker") && !Contains(id, "raw meal"); }

// Tonnes per one `unit` of a mass unit, or nullopt.
std::optional<double> TonnesPer(const std::string& unit) {
  auto info = FindUnit(unit);
  if (!info || info->dimension != Dimension::kMass) return std::nullopt;
  return info->to_base / 1000.0;
}

const FactorRecord* FindFactor(const ModelInfo* info, const std::string& id) {
  if (!info) return nullptr;
  for (const FactorRecord& f : info->factors)
    if (f.id == id) return &f;
  return nullptr;
}

// Own CO2-ETS emissions of every process and the provider of every background product.
class CbamCalculator {
 public:
  CbamCalculator(const LinkedSystem& sys) : sys_(sys), m_(sys.model) {
    auto row = m_.indicators.Find(kCbamIndicator);
    if (!row)
      throw Error(ErrorKind::kUnsupported,
                  fmt::format("cbam: the database has no {} indicator (fossil CO2 only), which the CBAM view needs",
                              kCbamIndicator));
    const int k = static_cast<int>(*row);
    std::vector<double> cf(m_.flows.Size(), 0.0);
    for (int f = 0; f < m_.characterization.outerSize(); ++f)
      for (SparseMatrix::InnerIterator it(m_.characterization, f); it; ++it)
        if (it.row() == k) cf[static_cast<std::size_t>(f)] = it.value();
    own_.assign(m_.processes.Size(), 0.0);
    for (int j = 0; j < m_.interventions.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(m_.interventions, j); it; ++it)
        own_[static_cast<std::size_t>(j)] += cf[static_cast<std::size_t>(it.row())] * it.value();
    // The provider of every background product (its positive entry), preferring the process of the same id.
    const std::size_t bg = sys_.supplier_begin;
    provider_.assign(m_.products.Size(), -1);
    for (int j = 0; j < static_cast<int>(bg); ++j)
      for (SparseMatrix::InnerIterator it(m_.technosphere, j); it; ++it)
        if (it.value() > 0 && provider_[static_cast<std::size_t>(it.row())] < 0) provider_[static_cast<std::size_t>(it.row())] = j;
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

  // Adds weight × column c: its own emissions, the heat it burns, the electricity it consumes.
  void Add(std::size_t column, double weight, CbamTally* t) const {
    if (weight == 0) return;
    t->process_kg += weight * own_[column];
    for (SparseMatrix::InnerIterator it(m_.technosphere, static_cast<int>(column)); it; ++it) {
      const auto row = static_cast<std::size_t>(it.row());
      if (row >= sys_.supplier_begin) continue;  // foreground products and supplier footprints
      const IndexEntry& product = m_.products.At(row);
      const double amount = -it.value() * weight;  // consumed (avoided products are module D, not in the matrices)
      if (StartsWith(product.id, kHeatPrefix)) {
        auto unit = FindUnit(product.unit);
        const double mj = unit && unit->dimension == Dimension::kEnergy ? amount * unit->to_base : amount;
        const double kg = amount * DirectPerUnit(row);
        t->combustion_kg += kg;
        CbamFuel& fuel = t->fuels[product.id];
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

 private:
  const LinkedSystem& sys_;
  const Model& m_;
  std::vector<double> own_;
  std::vector<int> provider_;
};

void Subtract(const CbamTally& b, double scale, CbamTally* a) {
  a->process_kg -= scale * b.process_kg;
  a->combustion_kg -= scale * b.combustion_kg;
  a->kwh -= scale * b.kwh;
  for (const auto& [id, f] : b.fuels) {
    a->fuels[id].mj -= scale * f.mj;
    a->fuels[id].co2_kg -= scale * f.co2_kg;
  }
}

// The country grid default: `electricity, grid, <country>, <latest year>`, the country being the part of
// the product's geography before the first '-' (CN-HB → CN): CBAM prescribes the country's grid factor, not
// a province's.
CbamElectricityFactor CountryGridFactor(const CbamCalculator& calc, const ProductFile& product, const LinkedSystem& sys,
                                        const ModelInfo* info) {
  const Model& m = sys.model;
  const std::string geography = product.geography.empty() ? "CN" : product.geography;
  const std::string country = geography.substr(0, geography.find('-'));
  const std::string prefix = fmt::format("{}{}, ", kGridPrefix, country);
  int best_year = -1;
  std::size_t best_row = 0;
  for (std::size_t p = 0; p < sys.supplier_begin && p < m.products.Size(); ++p) {
    const std::string& id = m.products.At(p).id;
    if (!StartsWith(id, prefix)) continue;
    const std::string year = id.substr(prefix.size());
    if (year.size() != 4 || !std::all_of(year.begin(), year.end(), [](unsigned char c) { return std::isdigit(c); }))
      continue;
    if (const int y = std::stoi(year); y > best_year) {
      best_year = y;
      best_row = p;
    }
  }
  if (best_year < 0)
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: the database has no country grid factor \"{}<year>\" for the indirect emissions", prefix));
  CbamElectricityFactor grid;
  grid.product = m.products.At(best_row).id;
  auto unit = FindUnit(m.products.At(best_row).unit);
  const double kwh_per_unit = unit && unit->dimension == Dimension::kEnergy ? unit->to_base / 3.6 : 1.0;
  grid.t_per_mwh = calc.DirectPerUnit(best_row) / kwh_per_unit;
  // Where the number came from: the factor rows of the provider's B entries.
  if (info)
    if (auto j = m.processes.Find(grid.product)) {
      std::vector<std::string> ids;
      for (const EntrySource& e : info->entry_sources)
        if (e.matrix == 'B' && e.col == static_cast<int>(*j) && std::find(ids.begin(), ids.end(), e.factor_id) == ids.end())
          ids.push_back(e.factor_id);
      for (const std::string& id : ids)
        if (const FactorRecord* f = FindFactor(info, id)) grid.factors.push_back(*f);
    }
  return grid;
}

std::vector<CbamDefault> Defaults(const ModelInfo* info) {
  std::vector<CbamDefault> out = {{"2523 10 00", "clinker-A", nullptr, nullptr, "CBAM-CN-252310-A-DIR", "CBAM-CN-252310-A-IND", 0, {}},
                                  {"2523 10 00", "clinker-B", nullptr, nullptr, "CBAM-CN-252310-B-DIR", "CBAM-CN-252310-B-IND", 0, {}},
                                  {"2523 29 00", "cement", nullptr, nullptr, "CBAM-CN-252329-DIR", "CBAM-CN-252329-IND", 0, {}}};
  for (CbamDefault& d : out) {
    d.direct = FindFactor(info, d.direct_id);
    d.indirect = FindFactor(info, d.indirect_id);
    if (!d.direct || !d.indirect) continue;
    d.total = d.direct->value + d.indirect->value;
    for (int y = 0; y < 3; ++y)
      if (const FactorRecord* markup = FindFactor(info, fmt::format("CBAM-MARKUP-{}", 2026 + y)))
        d.with_markup[y] = d.total * (1 + markup->value);
  }
  return out;
}

}  // namespace

CbamResult CalculateCbam(const ProductFile& product, const LinkedSystem& sys, const Footprint& footprint,
                         const ModelInfo* info) {
  const Model& m = sys.model;
  const std::string& declared = m.products.At(sys.reference_row).id;
  const Eigen::VectorXd& supply = footprint.lci.supply;
  const std::size_t nf = sys.foreground.size();
  auto column = [&](std::size_t k) { return sys.foreground_begin + k; };
  auto s_of = [&](std::size_t k) { return supply[static_cast<Eigen::Index>(column(k))]; };

  CbamResult result;
  result.is_clinker = IsClinker(declared);
  // The clinker: made by a foreground process that runs, or bought (a background product or a supplier
  // footprint a foreground process that runs consumes).
  std::set<std::string> made, bought;
  std::vector<std::size_t> clinker_columns;
  for (std::size_t k = 0; k < nf; ++k) {
    if (s_of(k) == 0) continue;
    if (IsClinker(sys.foreground[k].output_product)) {
      made.insert(sys.foreground[k].output_product);
      clinker_columns.push_back(k);
    }
    for (SparseMatrix::InnerIterator it(m.technosphere, static_cast<int>(column(k))); it; ++it)
      if (static_cast<std::size_t>(it.row()) < sys.foreground_product_begin && it.value() < 0 &&
          IsClinker(m.products.At(static_cast<std::size_t>(it.row())).id))
        bought.insert(m.products.At(static_cast<std::size_t>(it.row())).id);
  }
  if (result.is_clinker) made = {declared};
  if (made.empty() && bought.empty())
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: \"{}\" is neither clinker nor made from clinker (own or bought) in this product file; "
                            "the CBAM view is only for cement and clinker (CN 2523 10 00, 2523 21/29/90 00)",
                            declared));
  std::set<std::string> all = made;
  all.insert(bought.begin(), bought.end());
  if (all.size() != 1 && !result.is_clinker)
    throw Error(ErrorKind::kUnsupported,
                fmt::format("cbam: more than one clinker product ({}); the CBAM view needs one clinker precursor, so "
                            "merge them into one process or input",
                            fmt::join(all, ", ")));
  result.clinker_product = result.is_clinker ? declared : *all.begin();
  const bool own_clinker = result.is_clinker || !made.empty();
  const std::size_t clinker_row = *m.products.Find(result.clinker_product);
  const auto clinker_t = TonnesPer(m.products.At(clinker_row).unit);
  const auto declared_t = TonnesPer(m.products.At(sys.reference_row).unit);
  if (!clinker_t || !declared_t)
    throw Error(ErrorKind::kUnsupported, "cbam: the clinker and the declared product must be stated in a mass unit");
  result.declared_t = sys.demand[static_cast<Eigen::Index>(sys.reference_row)] * *declared_t;
  if (!(result.declared_t > 0)) throw Error(ErrorKind::kUnsupported, "cbam: the declared unit has no mass");

  const CbamCalculator calc(sys);
  result.country_default = CountryGridFactor(calc, product, sys, info);
  if (product.cbam.electricity_factor) {
    CbamElectricityFactor actual;
    actual.t_per_mwh = *product.cbam.electricity_factor;
    actual.source = product.cbam.electricity_source;
    result.actual = actual;
  }
  const double ef = result.factor_used().t_per_mwh;

  // The installation is every foreground process (the manufacturer's own), whatever its stage.
  // Per t clinker made here: the foreground block solved for one tonne of clinker.
  Eigen::VectorXd x = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(nf));
  if (own_clinker) {
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
    x = lu.solve(f);
    for (std::size_t k = 0; k < nf; ++k) calc.Add(column(k), x[static_cast<Eigen::Index>(k)], &result.clinker);
  }

  // Per t of the declared product: every foreground column at the solved supply.
  double clinker_t_used = 0;  // t of clinker made or bought for the declared unit
  for (std::size_t k = 0; k < nf; ++k) {
    const double s = s_of(k);
    if (s == 0) continue;
    calc.Add(column(k), s / result.declared_t, &result.cement);
    CbamProcessLine line{sys.foreground[k].process_id, sys.foreground[k].stage, sys.foreground[k].output_product,
                         std::abs(x[static_cast<Eigen::Index>(k)]) > 0 ? CbamRole::kClinker : CbamRole::kCement, 0, 0, 0};
    CbamTally t;
    calc.Add(column(k), s, &t);
    line.process_kg = t.process_kg;
    line.combustion_kg = t.combustion_kg;
    line.kwh = t.kwh;
    result.processes.push_back(line);
    const double in_row = m.technosphere.coeff(static_cast<int>(clinker_row), static_cast<int>(column(k)));
    if (own_clinker ? in_row > 0 : in_row < 0) clinker_t_used += std::abs(in_row) * s * *clinker_t;
  }
  result.clinker_ratio = result.is_clinker ? 1 : clinker_t_used / result.declared_t;

  // The cement production's own part: everything minus the own clinker; rounding noise is cleared.
  result.cement_own = result.cement;
  if (own_clinker) Subtract(result.clinker, result.clinker_ratio, &result.cement_own);
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
  for (CbamTally* t : {&result.clinker, &result.cement, &result.cement_own})
    for (auto& [id, fuel] : t->fuels) fuel.kg_per_mj = fuel.mj != 0 ? fuel.co2_kg / fuel.mj : 0;

  result.defaults = Defaults(info);
  for (int y = 0; y < 3; ++y) result.markup[y] = FindFactor(info, fmt::format("CBAM-MARKUP-{}", 2026 + y));

  // The precursor's SEE: the own installation's, or the embedded emissions of bought clinker.
  if (own_clinker) {
    result.clinker_origin = CbamPrecursorOrigin::kOwnInstallation;
    result.see_clinker_direct = result.clinker.DirectKg() / 1000;
    result.see_clinker_indirect = result.clinker.kwh * ef / 1000;
  } else if (clinker_row >= sys.supplier_begin) {
    // A supplier footprint: its PCF (kg CO2e per unit, cradle to gate) as direct embedded emissions; a PACT
    // footprint does not split electricity, so nothing is indirect.
    result.clinker_origin = CbamPrecursorOrigin::kSupplier;
    const std::size_t index = clinker_row - sys.supplier_begin;
    result.clinker_source = index < sys.suppliers.size() ? sys.suppliers[index].file : result.clinker_product;
    result.see_clinker_direct =
        footprint.per_unit(static_cast<Eigen::Index>(clinker_row), static_cast<Eigen::Index>(sys.method_row)) / *clinker_t / 1000;
    result.see_clinker_indirect = 0;
  } else {
    result.clinker_origin = CbamPrecursorOrigin::kDefault;
    const FactorRecord* dir = FindFactor(info, kDefaultClinkerDirect);
    const FactorRecord* ind = FindFactor(info, kDefaultClinkerIndirect);
    if (!dir || !ind)
      throw Error(ErrorKind::kUnsupported,
                  fmt::format("cbam: bought clinker \"{}\" needs a supplier footprint or the EU default rows {} and {}, "
                              "which this database does not have",
                              result.clinker_product, kDefaultClinkerDirect, kDefaultClinkerIndirect));
    result.clinker_source = fmt::format("{}, {}", kDefaultClinkerDirect, kDefaultClinkerIndirect);
    result.see_clinker_direct = dir->value;
    result.see_clinker_indirect = ind->value;
  }
  result.cement_own_direct = result.cement_own.DirectKg() / 1000;
  result.cement_own_indirect = result.cement_own.kwh * ef / 1000;
  result.see_cement_direct = result.clinker_ratio * result.see_clinker_direct + result.cement_own_direct;
  result.see_cement_indirect = result.clinker_ratio * result.see_clinker_indirect + result.cement_own_indirect;
  return result;
}

}  // namespace pcf
