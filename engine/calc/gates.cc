#include "engine/calc/gates.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/core/numbers.h"
#include "engine/model/reference_period.h"

namespace pcf {

namespace {

// "AR6" from "GWP100-AR6"; "" when the indicator names no IPCC report.
std::string IpccSet(const std::string& indicator_id) {
  for (std::size_t at = indicator_id.find("AR"); at != std::string::npos; at = indicator_id.find("AR", at + 1)) {
    std::size_t end = at + 2;
    while (end < indicator_id.size() && indicator_id[end] >= '0' && indicator_id[end] <= '9') ++end;
    if (end > at + 2) return indicator_id.substr(at, end - at);
  }
  return "";
}

// The date part (YYYY-MM-DD) of an RFC 3339 timestamp, for comparing days; "" when it has none.
std::string Day(const std::string& timestamp) { return timestamp.size() >= 10 ? timestamp.substr(0, 10) : ""; }

class Gates {
 public:
  Gates(const ProductFile& p, const LinkedSystem& s, const Footprint& f, const ModelInfo* info)
      : p_(p), s_(s), f_(f), info_(info), method_(s.model.indicators.At(s.method_row).id) {}

  std::vector<Warning> Run() {
    std::string ref_start, ref_end;
    try {
      std::tie(ref_start, ref_end) = ReferencePeriodTimestamps(p_);
    } catch (const Error&) {  // a free-form reference period: no validity check (PACT output refuses it)
    }
    for (const ForegroundProcess& proc : p_.processes)
      for (const ProductInput& in : proc.inputs)
        if (in.kind == InputKind::kSupplierPcf) Supplier(in, Day(ref_start));
    if (!p_.kind.empty()) {
      const double total = f_.lci.scores[static_cast<Eigen::Index>(s_.method_row)];
      // A range per mass for a product declared per m2, m3 or piece compares per kg via product_mass.
      const bool by_mass = p_.product_mass && RangeUnit(p_.kind).dimension == Dimension::kMass;
      const Quantity& amount = by_mass ? *p_.product_mass : p_.declared_unit;
      const auto [range, unit] = Range(p_.kind, amount.unit, p_.kind_where);
      const double value = total / (amount.InBase() / unit.to_base);
      if (value < range->min || value > range->max)
        Add("result-plausibility", p_.path, "product.kind",
            fmt::format("the result, {} kg CO2e per {}, lies outside the published range {} … {} for \"{}\"",
                        FormatDouble(value), unit.name, FormatDouble(range->min), FormatDouble(range->max), p_.kind));
    }
    return std::move(out_);
  }

 private:
  void Add(const char* code, const std::string& file, const std::string& field, std::string message) {
    for (const Warning& w : out_)
      if (w.code == code && w.file == file && w.field == field) return;  // one supplier file used twice
    out_.push_back({code, file, field, std::move(message)});
  }

  // The unit of database product `kind` (kg when unknown: the range check then names the problem).
  UnitInfo RangeUnit(const std::string& kind) const {
    const auto row = s_.model.products.Find(kind);
    const auto unit = row ? FindUnit(s_.model.products.At(*row).unit) : std::nullopt;
    return unit ? *unit : *FindUnit("kg");
  }

  // The plausibility range of database product `kind` for the study's method, and that product's unit.
  std::pair<const PlausibilityRange*, UnitInfo> Range(const std::string& kind, const UnitInfo& unit,
                                                     const SourceLocation& where) const {
    std::vector<std::string> kinds;
    if (info_)
      for (const PlausibilityRange& r : info_->plausibility) {
        if (r.indicator_id != method_) continue;
        kinds.push_back(r.product_id);
        if (r.product_id != kind) continue;
        const auto row = s_.model.products.Find(kind);
        const auto product_unit = row ? FindUnit(s_.model.products.At(*row).unit) : std::nullopt;
        if (!product_unit || product_unit->dimension != unit.dimension)
          throw Error(ErrorKind::kBadInput,
                      fmt::format("the plausibility range of \"{}\" is per {}, which is not a {} like \"{}\"", kind,
                                  row ? s_.model.products.At(*row).unit : std::string("?"), DimensionName(unit.dimension),
                                  unit.name),
                      where);
        return {&r, *product_unit};
      }
    std::string list;
    for (const std::string& k : kinds) list += (list.empty() ? "" : "; ") + k;
    throw Error(ErrorKind::kBadInput,
                fmt::format("kind \"{}\" names no plausibility range of the database for {}; ranges: {}", kind, method_,
                            list.empty() ? "none" : list),
                where);
  }

  void Supplier(const ProductInput& in, const std::string& ref_start) {
    const auto rec = std::find_if(s_.suppliers.begin(), s_.suppliers.end(), [&](const SupplierRecord& r) { return r.file == in.ref; });
    if (rec == s_.suppliers.end()) return;
    const std::string& file = rec->file;
    const std::string name = rec->product_name.empty() ? file : "\"" + rec->product_name + "\"";
    if (rec->status == "Deprecated")
      Add("supplier-deprecated", file, "status", fmt::format("the supplier footprint {} has status Deprecated", name));
    // PACT's default validity: three years from the end of the reference period.
    std::string valid_from = Day(rec->validity_start), valid_to = Day(rec->validity_end);
    if (valid_to.empty() && !rec->reference_end.empty()) valid_to = Day(ShiftTimestampYears(rec->reference_end, 3));
    if (!ref_start.empty() && !valid_to.empty() && valid_to <= ref_start)
      Add("supplier-validity", file, rec->validity_end.empty() ? "pcf.referencePeriodEnd" : "validityPeriodEnd",
          fmt::format("the supplier footprint {} was valid until {}, before the product's reference period {} began",
                      name, valid_to, p_.reference_period));
    const std::string study = IpccSet(method_);
    for (const std::string& set : rec->gwp_sets)
      if (!study.empty() && set != study) {
        Add("supplier-ipcc", file, rec->major_version == 3 ? "pcf.ipccCharacterizationFactors" : "pcf.ipccCharacterizationFactorsSources",
            fmt::format("the supplier footprint {} uses IPCC {} characterization, the study's method {} uses {}", name,
                        set, method_, study));
        break;
      }
    if (!in.plausibility_kind.empty()) {
      const UnitInfo unit = *FindUnit(rec->declared_unit);
      const auto [range, product_unit] = Range(in.plausibility_kind, unit, in.kind_where);
      const double value = rec->pcf_per_declared_unit * product_unit.to_base / unit.to_base;
      if (value < range->min || value > range->max)
        Add("supplier-plausibility", file,
            rec->major_version == 3 ? "pcf.pcfExcludingBiogenicUptake" : "pcf.pCfExcludingBiogenic",
            fmt::format("the supplier footprint {} gives {} kg CO2e per {}, outside the published range {} … {} for \"{}\"",
                        name, FormatDouble(value), product_unit.name, FormatDouble(range->min), FormatDouble(range->max),
                        in.plausibility_kind));
    }
  }

  const ProductFile& p_;
  const LinkedSystem& s_;
  const Footprint& f_;
  const ModelInfo* info_;
  std::string method_;
  std::vector<Warning> out_;
};

}  // namespace

std::vector<Warning> CheckGates(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                                const ModelInfo* info) {
  return Gates(product, system, footprint, info).Run();
}

}  // namespace pcf
