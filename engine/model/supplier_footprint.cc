#include "engine/model/supplier_footprint.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/core/utf8.h"
#include "engine/model/pact_units.h"

namespace pcf {

namespace {

enum class Sign { kAny, kPositive, kNonNegative, kNonPositive };

// One decimal of the footprint with how precisely it was written, for the identity checks.
struct Decimal {
  double value = 0;
  double rounding = 0;  // half a unit of the last written digit: "5.14" → 0.005
  bool given = false;
};

class SupplierReader {
 public:
  SupplierReader(const std::string& path, const SourceLocation& where, const Limits& limits)
      : path_(path), where_(where), limits_(limits) {}
  SupplierFootprint Read();

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    throw Error(ErrorKind::kBadInput, fmt::format("supplier footprint {}: {}", path_, message), where_);
  }
  // pcf.KEY as a decimal string; `required`: missing is an error. `sign`: the spec's range.
  Decimal Get(const char* key, Sign sign, bool required = false) const {
    Decimal d;
    if (!pcf_->contains(key)) {
      if (required) Fail(fmt::format("missing pcf.{}", key));
      return d;
    }
    const nlohmann::json& v = pcf_->at(key);
    if (!v.is_string()) Fail(fmt::format("pcf.{} must be a decimal written as a string, e.g. \"0.42\"", key));
    const std::string text = v.get<std::string>();
    d.value = ParseFiniteDouble(text, where_);
    const std::size_t dot = text.find('.');
    const int places = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    d.rounding = 0.5 * std::pow(10.0, -places);
    d.given = true;
    const bool ok = sign == Sign::kAny || (sign == Sign::kPositive && d.value > 0) ||
                    (sign == Sign::kNonNegative && d.value >= 0) || (sign == Sign::kNonPositive && d.value <= 0);
    if (!ok)
      Fail(fmt::format("pcf.{} is {}, but PACT v{} requires {}", key, text, major_,
                       sign == Sign::kPositive ? "> 0" : sign == Sign::kNonNegative ? "≥ 0" : "≤ 0"));
    return d;
  }
  std::string Text(const nlohmann::json& object, const char* key) const {
    return object.contains(key) && object.at(key).is_string() ? object.at(key).get<std::string>() : "";
  }
  void Strings(const char* key, std::vector<std::string>* into) const {
    if (pcf_->contains(key) && pcf_->at(key).is_array())
      for (const auto& s : pcf_->at(key))
        if (s.is_string()) into->push_back(s.get<std::string>());
  }
  // `total` must equal the sum of `terms` (or, with `at_least`, be no smaller) within the rounding of the
  // written decimals plus 1e-9 of their magnitude (pcf's own full-precision output).
  void Identity(const char* field, const Decimal& total, const std::vector<std::pair<const char*, Decimal>>& terms,
                bool at_least) const {
    double sum = 0, tolerance = total.rounding, scale = std::fabs(total.value);
    std::string names;
    for (const auto& [name, d] : terms) {
      if (!d.given) continue;
      sum += d.value;
      tolerance += d.rounding;
      scale += std::fabs(d.value);
      names += fmt::format("{}{} {}", names.empty() ? "" : " + ", name, FormatDouble(d.value));
    }
    tolerance += 1e-9 * scale;
    const double diff = total.value - sum;
    if (at_least ? diff < -tolerance : std::fabs(diff) > tolerance)
      Fail(fmt::format("pcf.{} is {}, but {}{}", field, FormatDouble(total.value),
                       names.empty() ? std::string("none of the parts is given (sum 0)") : names + " = " + FormatDouble(sum),
                       at_least ? fmt::format(": PACT v{} adds these into pcf.{}, so it cannot be smaller", major_, field)
                                : fmt::format(": PACT v{} defines pcf.{} as this sum", major_, field)));
  }
  void ReadDqi(SupplierFootprint& rec) const;
  void ReadV3(SupplierFootprint& rec);
  void ReadV2(SupplierFootprint& rec);

  std::string path_;
  SourceLocation where_;
  Limits limits_;
  const nlohmann::json* pcf_ = nullptr;
  int major_ = 2;
};

void SupplierReader::ReadV3(SupplierFootprint& rec) {
  rec.pact_unit = Text(*pcf_, "declaredUnitOfMeasurement");
  // v3 lets the PCF itself be negative (removals); its parts keep their signs.
  const Decimal excluding = Get("pcfExcludingBiogenicUptake", Sign::kAny, true);
  const Decimal amount = Get("declaredUnitAmount", Sign::kPositive, true);
  Get("productMassPerDeclaredUnit", Sign::kNonNegative);
  const Decimal including = Get("pcfIncludingBiogenicUptake", Sign::kAny);
  const Decimal uptake = Get("biogenicCO2Uptake", Sign::kNonPositive);
  const std::vector<std::pair<const char*, Decimal>> parts = {
      {"fossilGhgEmissions", Get("fossilGhgEmissions", Sign::kNonNegative)},
      {"landUseChangeGhgEmissions", Get("landUseChangeGhgEmissions", Sign::kNonNegative)},
      {"landManagementBiogenicCO2Emissions", Get("landManagementBiogenicCO2Emissions", Sign::kNonNegative)},
      {"landManagementBiogenicCO2Removals", Get("landManagementBiogenicCO2Removals", Sign::kNonPositive)},
      {"technologicalCO2Removals", Get("technologicalCO2Removals", Sign::kNonPositive)},
      {"ccsTechnologicalCO2Capture", Get("ccsTechnologicalCO2Capture", Sign::kNonPositive)},
      {"biogenicNonCO2Emissions", Get("biogenicNonCO2Emissions", Sign::kNonNegative)}};
  for (const char* key : {"fossilCarbonContent", "biogenicCarbonContent", "recycledCarbonContent", "landCarbonLeakage",
                          "landManagementFossilGhgEmissions", "aircraftGhgEmissions", "packagingGhgEmissions",
                          "outboundLogisticsGhgEmissions", "ccuCarbonContent", "packagingBiogenicCarbonContent"})
    Get(key, Sign::kNonNegative);
  if (including.given) Identity("pcfIncludingBiogenicUptake", including, {{"pcfExcludingBiogenicUptake", excluding}, {"biogenicCO2Uptake", uptake}}, false);
  // The spec's sum leaves biogenic CO2 emissions outside land management without a field of their own, and
  // its official examples leave a remainder: the listed parts may fall short of the PCF, never exceed it.
  Identity("pcfExcludingBiogenicUptake", excluding, parts, true);
  rec.declared_amount = amount.value;
  rec.pcf_as_written = excluding.value;
  Strings("ipccCharacterizationFactors", &rec.gwp_sets);
}

void SupplierReader::ReadV2(SupplierFootprint& rec) {
  rec.pact_unit = Text(*pcf_, "declaredUnit");
  if (!pcf_->contains("pCfExcludingBiogenic"))
    Fail("missing pcf.pCfExcludingBiogenic (v2.3) or pcf.pcfExcludingBiogenicUptake (v3.0)");
  if (!pcf_->at("pCfExcludingBiogenic").is_string())
    Fail("pcf.pCfExcludingBiogenic (v2.3) or pcf.pcfExcludingBiogenicUptake (v3.0) must be a decimal written as a "
         "string, e.g. \"0.42\"");
  // v2.3: the PCF is per ONE declared unit; unitaryProductAmount (how many make the product) does not scale it.
  Get("unitaryProductAmount", Sign::kPositive);
  Get("productMassPerDeclaredUnit", Sign::kNonNegative);
  const Decimal excluding = Get("pCfExcludingBiogenic", Sign::kNonNegative, true);
  const Decimal including = Get("pCfIncludingBiogenic", Sign::kAny);
  const Decimal withdrawal = Get("biogenicCarbonWithdrawal", Sign::kNonPositive);
  const Decimal fossil = Get("fossilGhgEmissions", Sign::kNonNegative);
  for (const char* key : {"fossilCarbonContent", "biogenicCarbonContent", "dLucGhgEmissions", "otherBiogenicGhgEmissions",
                          "iLucGhgEmissions", "aircraftGhgEmissions", "packagingGhgEmissions"})
    Get(key, Sign::kNonNegative);
  // v2.3 states no sum; what its definitions imply: the fossil emissions are part of the PCF excluding
  // biogenic CO2, and the PCF including all biogenic emissions adds biogenic CO2 emissions (≥ 0, no field)
  // and the withdrawal to it.
  Identity("pCfExcludingBiogenic", excluding, {{"fossilGhgEmissions", fossil}}, true);
  if (including.given)
    Identity("pCfIncludingBiogenic", including, {{"pCfExcludingBiogenic", excluding}, {"biogenicCarbonWithdrawal", withdrawal}}, true);
  rec.declared_amount = 1;
  rec.pcf_as_written = excluding.value;
  Strings("ipccCharacterizationFactorsSources", &rec.gwp_sets);
  if (rec.gwp_sets.empty() && !Text(*pcf_, "characterizationFactors").empty()) rec.gwp_sets.push_back(Text(*pcf_, "characterizationFactors"));
}

SupplierFootprint SupplierReader::Read() {
  std::string text;
  try {
    text = ReadWholeFile(path_, {limits_.supplier_file_size, "supplier_file_size"});
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("supplier footprint {}: {}", path_, e.message()), where_);
  }
  CheckUtf8(text, path_);  // UTF-8 only, with the supplier file's own line and column
  SupplierFootprint rec;
  rec.file = path_;
  rec.sha256 = Sha256Hex(text);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("supplier footprint {} is not JSON: {}", path_, e.what()), where_);
  }
  if (j.is_object() && j.contains("data")) j = j["data"];  // a PACT API response wraps the footprint
  if (!j.is_object() || !j.contains("pcf") || !j["pcf"].is_object())
    throw Error(ErrorKind::kBadInput,
                fmt::format("supplier footprint {} is not a PACT ProductFootprint (v2.3 or v3.0): no \"pcf\" object", path_),
                where_);
  rec.spec_version = Text(j, "specVersion");
  rec.product_name = Text(j, "productNameCompany");
  rec.company = Text(j, "companyName");
  rec.status = Text(j, "status");
  rec.validity_start = Text(j, "validityPeriodStart");
  rec.validity_end = Text(j, "validityPeriodEnd");
  pcf_ = &j["pcf"];
  rec.reference_start = Text(*pcf_, "referencePeriodStart");
  rec.reference_end = Text(*pcf_, "referencePeriodEnd");
  major_ = pcf_->contains("pcfExcludingBiogenicUptake") ? 3 : 2;  // the keys decide, as a v3 reader must
  rec.major_version = major_;
  if (major_ == 3) ReadV3(rec);
  else ReadV2(rec);
  const auto unit = PcfUnitOfPact(rec.pact_unit, major_);
  if (!unit) {
    if (major_ == 3 && rec.pact_unit == "megabit second")
      Fail("declared unit \"megabit second\" (PACT v3.0) has no unit in pcf's unit table (docs/product-format.md)");
    Fail(fmt::format("unknown declared unit \"{}\"{}", rec.pact_unit,
                     major_ == 2 && PcfUnitOfPact(rec.pact_unit, 3) ? " (a PACT v3.0 unit, not v2.3)" : ""));
  }
  rec.declared_unit = *unit;
  // primaryDataShare: a decimal string in v3, a number in v2 (percent either way).
  if (pcf_->contains("primaryDataShare")) {
    const nlohmann::json& share = pcf_->at("primaryDataShare");
    if (share.is_number()) rec.primary_data_share = share.get<double>();
    else if (share.is_string()) rec.primary_data_share = ParseFiniteDouble(share.get<std::string>(), where_);
    if (!(rec.primary_data_share >= 0 && rec.primary_data_share <= 100))
      Fail("pcf.primaryDataShare must lie in 0–100 (%)");
  }
  ReadDqi(rec);
  rec.pcf_per_declared_unit = rec.pcf_as_written / rec.declared_amount;
  if (!std::isfinite(rec.pcf_per_declared_unit) || std::fpclassify(rec.pcf_per_declared_unit) == FP_SUBNORMAL)
    Fail(fmt::format("the PCF per declared unit ({} / declaredUnitAmount {}) is {}: not a number pcf can compute with",
                     FormatDouble(rec.pcf_as_written), FormatDouble(rec.declared_amount), FormatDouble(rec.pcf_per_declared_unit)));
  return rec;
}

// pcf.dqi: v3 decimal strings 1–5 (technological, geographical, temporal, all required); v2 numbers 1–3
// (those three plus completeness and reliability) and coveragePercent 0–100, all required.
void SupplierReader::ReadDqi(SupplierFootprint& rec) const {
  if (!pcf_->contains("dqi")) return;
  const nlohmann::json& dqi = pcf_->at("dqi");
  if (!dqi.is_object()) Fail("pcf.dqi must be an object of data-quality ratings");
  const double top = major_ == 3 ? 5 : 3;
  const auto rating = [&](const char* key) {
    if (!dqi.contains(key)) Fail(fmt::format("pcf.dqi.{} is missing: PACT v{} requires it in dqi", key, major_));
    const nlohmann::json& v = dqi.at(key);
    double r = 0;
    if (major_ == 3) {
      if (!v.is_string()) Fail(fmt::format("pcf.dqi.{} must be a decimal written as a string, e.g. \"2.0\" (PACT v3)", key));
      r = ParseFiniteDouble(v.get<std::string>(), where_);
    } else {
      if (!v.is_number()) Fail(fmt::format("pcf.dqi.{} must be a number, e.g. 2.0 (PACT v2)", key));
      r = v.get<double>();
    }
    if (!(r >= 1 && r <= top))
      Fail(fmt::format("pcf.dqi.{} is {}, but PACT v{} rates from 1 to {}", key, FormatDouble(r), major_, FormatDouble(top)));
    return major_ == 3 ? r : 1 + 2 * (r - 1);
  };
  rec.dqi[0] = rating("technologicalDQR");
  rec.dqi[1] = rating("geographicalDQR");
  rec.dqi[2] = rating("temporalDQR");
  if (major_ == 2) {
    rec.dqi[3] = rating("reliabilityDQR");
    rec.dqi[4] = rating("completenessDQR");
    if (!dqi.contains("coveragePercent")) Fail("pcf.dqi.coveragePercent is missing: PACT v2 requires it in dqi");
    const nlohmann::json& c = dqi.at("coveragePercent");
    if (!c.is_number() || !(c.get<double>() >= 0 && c.get<double>() <= 100))
      Fail("pcf.dqi.coveragePercent must be a number in 0–100 (%)");
    rec.dqi_coverage_percent = c.get<double>();
  }
  rec.has_dqi = true;
}

}  // namespace

SupplierFootprint ReadSupplierFootprint(const std::string& path, const SourceLocation& where, const Limits& limits) {
  return SupplierReader(path, where, limits).Read();
}

}  // namespace pcf
