// WBCSD PACT ProductFootprint (Technical Specifications v2.3 and v3.0) of a product footprint: a view of
// the FootprintReport, nothing recomputed beyond unit conversion and the PACT grouping of the gas groups.
// Derived from the PACT Technical Specifications (owned by WBCSD); see docs/report-formats.md for the
// field-by-field mapping, the conventions and the notice the PACT licence asks for.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "engine/calc/data_quality.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/model/pact_units.h"
#include "engine/model/reference_period.h"
#include "engine/report/json_writer.h"
#include "engine/report/render.h"

namespace pcf {

namespace {

// A finite double as a PACT decimal string: the shortest round-trip digits, written without exponent
// (PACT forbids exponent notation), so a reader parses back the exact double. -0 is written "0".
std::string PactDecimal(double value) {
  if (!std::isfinite(value)) throw Error(ErrorKind::kNumerical, "a PACT value is not finite");
  if (value == 0) return "0";
  const std::string shortest = FormatDouble(value);
  const std::size_t e = shortest.find_first_of("eE");
  if (e == std::string::npos) return shortest;
  std::string mantissa = shortest.substr(0, e);
  const int exponent = std::stoi(shortest.substr(e + 1));
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.erase(0, 1);
  }
  const std::size_t dot = mantissa.find('.');
  const int int_digits = static_cast<int>(dot == std::string::npos ? mantissa.size() : dot);
  if (dot != std::string::npos) mantissa.erase(dot, 1);
  const int point = int_digits + exponent;  // position of the decimal point within `mantissa`
  const int n = static_cast<int>(mantissa.size());
  std::string out;
  if (point <= 0) out = "0." + std::string(static_cast<std::size_t>(-point), '0') + mantissa;
  else if (point >= n) out = mantissa + std::string(static_cast<std::size_t>(point - n), '0');
  else out = mantissa.substr(0, static_cast<std::size_t>(point)) + "." + mantissa.substr(static_cast<std::size_t>(point));
  return sign + out;
}

// Lower-case ASCII letters and digits, other runs as one '-' ("Example Hubei Cement Co., Ltd." →
// "example-hubei-cement-co-ltd"); a name without ASCII letters or digits gets "sha256-" + 16 hex digits.
std::string Slug(std::string_view text) {
  std::string out;
  bool dash = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 128 && std::isalnum(u)) {
      if (dash && !out.empty()) out += '-';
      out += static_cast<char>(std::tolower(u));
      dash = false;
    } else {
      dash = true;
    }
  }
  if (out.empty()) out = "sha256-" + Sha256Hex(text).substr(0, 16);
  return out;
}

// RFC 8141 / RFC 3986 percent-encoding of everything but unreserved characters: exact and reversible.
std::string UrnEncode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 128 && (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~')) out += c;
    else out += fmt::format("%{:02X}", static_cast<unsigned>(u));
  }
  return out;
}

// A version-5-style UUID from SHA-256 of the calculation's identity: the database content hash, the
// hashes of every input file and the product id. Same inputs, same id; any changed input, a new id.
std::string FootprintUuid(const FootprintReport& r) {
  Sha256 h;
  h.Update("pcf-pact-footprint\n");
  h.Update(r.manifest.db_sha256);
  h.Update("\n");
  h.Update(r.manifest.input_sha256);
  h.Update("\n");
  for (const auto& [file, sha] : r.manifest.inputs) {
    h.Update(sha);
    h.Update("\n");
  }
  h.Update(r.product.id);
  std::string hex = h.HexDigest().substr(0, 32);
  hex[12] = '5';  // version
  const int variant = std::stoi(hex.substr(16, 1), nullptr, 16);
  hex[16] = "0123456789abcdef"[(variant & 0x3) | 0x8];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

// UN CPC Ver. 2.1 class of the product, from words of its id and name; "37" (glass and other
// non-metallic mineral products) when none matches. Documented in docs/report-formats.md.
std::string CpcCode(const ProductFile& p) {
  std::string text = p.id + " " + p.name;
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  auto has = [&](const char* word) { return text.find(word) != std::string::npos; };
  if (has("plaster") || has("gypsum board") || has("gypsum")) return "3753";
  if (has("glass")) return "3711";
  if (has("concrete") || has("block") || has("mortar")) return "3751";
  if (has("cement") || has("clinker")) return "3744";
  return "37";
}

// Whether the foreground buys packaging: an input, avoided or waste reference naming a bag, sack,
// pallet, packaging or stretch film.
bool PackagingIncluded(const ProductFile& p) {
  static const char* kWords[] = {"bag", "sack", "pallet", "packag", "stretch", "film"};
  for (const ForegroundProcess& proc : p.processes)
    for (const ProductInput& in : proc.inputs) {
      std::string ref = in.ref;
      std::transform(ref.begin(), ref.end(), ref.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      for (const char* w : kWords)
        if (ref.find(w) != std::string::npos) return true;
    }
  return false;
}

// Subtotals of all hidden branches of the contribution tree.
void Hidden(const ContributionNode& n, double& total, int& count) {
  total += n.hidden;
  count += n.hidden_count;
  for (const ContributionNode& c : n.children) Hidden(c, total, count);
}

// The PACT view of the numbers, per declared unit.
struct PactNumbers {
  double fossil = 0, land_use_change = 0, biogenic_non_co2 = 0, biogenic_uptake = 0, aircraft = 0;
  double excluding = 0, including = 0;
  std::optional<double> primary_share;  // percent
};

PactNumbers Numbers(const FootprintReport& r, double units) {
  const Model& m = r.system.model;
  const auto method = static_cast<Eigen::Index>(r.system.method_row);
  const double total = r.footprint.lci.scores[method];
  const GasGroups& g = r.analysis.gas;
  double ch4 = 0;  // biogenic methane, characterized: the non-CO2 part of the biogenic emissions
  for (std::size_t f = 0; f < m.flows.Size(); ++f)
    if (m.flows.At(f).id == "CH4, biogenic")
      ch4 += m.characterization.coeff(method, static_cast<Eigen::Index>(f)) * r.footprint.lci.inventory[static_cast<Eigen::Index>(f)];
  // Net biogenic CO2 (emissions at +1, uptake at −1): negative = carbon still stored in the product at
  // the gate (PACT's biogenic CO2 uptake); positive = emissions of biogenic carbon, neutral under PACT.
  const double net_biogenic_co2 = (g.biogenic_emissions - ch4) + g.biogenic_removals;
  PactNumbers n;
  n.fossil = (g.fossil + g.aircraft) / units;
  n.aircraft = g.aircraft / units;
  n.land_use_change = g.land_use_change / units;
  n.biogenic_non_co2 = ch4 / units;
  n.biogenic_uptake = std::min(net_biogenic_co2, 0.0) / units;
  n.excluding = (total - net_biogenic_co2) / units;
  n.including = (total - std::max(net_biogenic_co2, 0.0)) / units;
  const double parts = n.fossil + n.land_use_change + n.biogenic_non_co2;
  const double scale = (std::fabs(g.fossil) + std::fabs(g.aircraft) + std::fabs(g.biogenic_emissions) +
                        std::fabs(g.biogenic_removals) + std::fabs(g.land_use_change) + std::fabs(total)) / units;
  if (std::fabs(parts - n.excluding) > 1e-9 * scale)
    throw Error(ErrorKind::kNumerical, fmt::format("the gas groups ({}) do not add up to the PCF excluding biogenic uptake ({})",
                                                   FormatDouble(parts), FormatDouble(n.excluding)));
  for (const auto& [name, value] : {std::pair<const char*, double>{"fossil GHG emissions", n.fossil},
                                    {"land-use change emissions", n.land_use_change},
                                    {"biogenic non-CO2 emissions", n.biogenic_non_co2}})
    if (value < 0)
      throw Error(ErrorKind::kUnsupported, fmt::format("PACT cannot express negative {} ({} kg CO2e per declared unit of \"{}\")",
                                                       name, FormatDouble(value), r.product.id));
  if (total != 0) {
    const double share = 100 * r.footprint.primary[method] / total;  // docs/result-json.md, primary_data_share
    if (share < -1e-9 || share > 100 + 1e-9)
      throw Error(ErrorKind::kUnsupported,
                  fmt::format("the foreground share of \"{}\" is {} %: PACT's primary data share must lie in 0–100 %",
                              r.product.id, FormatDouble(share)));
    n.primary_share = std::clamp(share, 0.0, 100.0);
  }
  return n;
}

std::string IpccReport(const std::string& indicator_id) {
  for (std::size_t at = indicator_id.find("AR"); at != std::string::npos; at = indicator_id.find("AR", at + 1)) {
    std::size_t end = at + 2;
    while (end < indicator_id.size() && indicator_id[end] >= '0' && indicator_id[end] <= '9') ++end;
    if (end > at + 2) return indicator_id.substr(at, end - at);
  }
  throw Error(ErrorKind::kUnsupported,
              fmt::format("the method \"{}\" names no IPCC assessment report (ARn): PACT needs the IPCC set used", indicator_id));
}

std::string BoundaryDescription(const FootprintReport& r) {
  const ProductFile& p = r.product;
  std::string out = fmt::format("{} ({} stages:", p.system_boundary.empty() ? "cradle-to-gate" : p.system_boundary,
                                "EN 15804");
  for (const StageImpacts& s : r.footprint.stages)
    if (s.declared) out += " " + s.stage;  // module D (credits) is not part of the PCF
  out += "). Foreground processes (primary data):";
  for (const ForegroundProcess& proc : p.processes)
    out += fmt::format(" {} [{}]{}", proc.name.empty() ? proc.id : proc.name, proc.stage, &proc == &p.processes.back() ? "." : ";");
  if (!r.manifest.db_name.empty())
    out += fmt::format(" Upstream materials, energy, transport and waste treatment from {} {}.", r.manifest.db_name, r.manifest.db_version);
  if (!r.system.suppliers.empty()) out += fmt::format(" Supplier footprints: {}.", r.system.suppliers.size());
  return out;
}

std::string AllocationDescription(const FootprintReport& r) {
  if (r.system.allocations.empty())
    return "No multi-output foreground process (no allocation in the foreground); background data as allocated in the database.";
  std::string out;
  for (const AllocationRecord& a : r.system.allocations) {
    if (!out.empty()) out += " ";
    out += fmt::format("{}: {} allocation (", a.process_id, a.method);
    for (std::size_t i = 0; i < a.factors.size(); ++i)
      out += fmt::format("{}{} {}", i ? ", " : "", a.factors[i].first, FormatDouble(a.factors[i].second));
    out += ").";
  }
  return out;
}

std::string FileName(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string FormatPact(const FootprintReport& r, int major_version, const RenderOptions& options) {
  if (major_version != 2 && major_version != 3)
    throw Error(ErrorKind::kBadInput, fmt::format("PACT version {} is not supported (2 or 3)", major_version));
  if (options.created.empty()) throw Error(ErrorKind::kBadInput, "a PACT footprint needs its creation time");
  const bool v3 = major_version == 3;
  const ProductFile& p = r.product;
  const CalcManifest& manifest = r.manifest;
  const IndexEntry& indicator = r.system.model.indicators.At(r.system.method_row);
  const PactDeclaredUnit unit = PactUnitOf(p.declared_unit, major_version, p.id);
  if (!(unit.amount > 0)) throw Error(ErrorKind::kUnsupported, "a PACT declared unit amount must be positive", p.declared_unit.where);
  // v3: the figures are per declared unit = declaredUnitAmount × declaredUnitOfMeasurement, i.e. the
  // product's own declared unit. v2.3: per ONE declaredUnit; unitaryProductAmount says how many make it.
  const double per = v3 ? 1.0 : unit.amount;
  const PactNumbers n = Numbers(r, per);
  // Mass of the product's declared unit in kg: the declared unit itself, or product.product_mass.
  std::optional<double> mass_kg;
  if (unit.mass) mass_kg = p.declared_unit.InBase();
  else if (p.product_mass) mass_kg = p.product_mass->InBase();
  if (v3 && unit.mass_relevant && !mass_kg)
    throw Error(ErrorKind::kBadInput,
                fmt::format("PACT v3 needs the product mass per declared unit ({} {}): add product.product_mass, e.g. "
                            "\"product_mass: 6.8 kg\"",
                            FormatDouble(p.declared_unit.amount), p.declared_unit.unit.name),
                [&] {
                  SourceLocation where = p.declared_unit.where;
                  where.field = "product.product_mass";
                  return where;
                }());
  // Biogenic carbon content (kg C): as the product file states it, else the carbon still stored in the
  // product at the gate, which is PACT's biogenic CO2 uptake converted to carbon (12/44).
  const double biogenic_carbon = p.biogenic_carbon_content ? p.biogenic_carbon_content->InBase() / per
                                                           : -n.biogenic_uptake * 12.0 / 44.0;
  const auto [period_start, period_end] = ReferencePeriodTimestamps(p);
  const std::string ipcc = IpccReport(indicator.id);
  double hidden = 0;
  int hidden_count = 0;
  Hidden(r.analysis.tree, hidden, hidden_count);
  const double total = r.footprint.lci.scores[static_cast<Eigen::Index>(r.system.method_row)];

  JsonWriter w;
  w.BeginObject();
  w.Field("id", FootprintUuid(r)).Field("specVersion", v3 ? "3.0.0" : "2.3.0");
  if (!v3) w.Key("version").Integer(1);
  if (!p.preceding_pf_ids.empty()) {
    w.Key("precedingPfIds").BeginArray();
    for (const std::string& id : p.preceding_pf_ids) w.String(id);
    w.EndArray();
  }
  w.Field("created", options.created).Field("status", "Active");
  w.Field("validityPeriodStart", period_end).Field("validityPeriodEnd", ShiftTimestampYears(period_end, 3));
  w.Field("companyName", p.company.empty() ? "(company not stated)" : p.company);
  w.Key("companyIds").BeginArray();
  if (p.company_ids.empty()) w.String("urn:pcf:company:" + Slug(p.company));  // fallback: no ids in the product file
  for (const std::string& id : p.company_ids) w.String(id);
  w.EndArray();
  std::string description = p.name;
  if (!p.name_zh.empty()) description += " / " + p.name_zh;
  if (!p.site.empty()) description += "; site: " + p.site;
  w.Field("productDescription", description);
  w.Key("productIds").BeginArray();
  if (p.product_ids.empty()) w.String("urn:pcf:product:" + UrnEncode(p.id));
  for (const std::string& id : p.product_ids) w.String(id);
  w.EndArray();
  const std::string cpc = CpcCode(p);
  w.Key("productClassifications").BeginArray().String("urn:pact:productclassification:un-cpc:" + cpc).EndArray();
  if (!v3) w.Field("productCategoryCpc", cpc);
  w.Field("productNameCompany", p.name.empty() ? p.id : p.name);
  std::string comment = fmt::format(
      "Calculated by pcf {} from {} (sha256 {}) with {} {} (content sha256 {}); method {} ({}, {}). "
      "ISO 14067 / GB/T 24067 total incl. all biogenic flows: {} {} per {} {}.",
      manifest.engine_version, FileName(manifest.input_file.empty() ? p.path : manifest.input_file), manifest.input_sha256,
      manifest.db_name.empty() ? "database" : manifest.db_name, manifest.db_version, manifest.db_sha256, indicator.id,
      indicator.name, indicator.unit, FormatDouble(total), indicator.unit, FormatDouble(p.declared_unit.amount),
      p.declared_unit.unit.name);
  if (!r.warnings.empty()) {
    comment += " Warnings:";
    for (const Warning& warning : r.warnings) {
      comment += ' ';
      comment += WarningLine(warning);
      comment += ';';
    }
    comment.back() = '.';
  }
  w.Field("comment", comment);

  w.Key("pcf").BeginObject();
  w.Field(v3 ? "declaredUnitOfMeasurement" : "declaredUnit", unit.name);
  w.Field(v3 ? "declaredUnitAmount" : "unitaryProductAmount", PactDecimal(unit.amount));
  // v3: the mass of declaredUnitAmount units; v2.3: of one declaredUnit. "0" where PACT calls the mass not
  // relevant (energy, transport, hours) and none is given; v2.3 leaves the optional field out otherwise.
  if (mass_kg) w.Field("productMassPerDeclaredUnit", PactDecimal(*mass_kg / per));
  else if (v3 || !unit.mass_relevant) w.Field("productMassPerDeclaredUnit", "0");
  w.Field("referencePeriodStart", period_start).Field("referencePeriodEnd", period_end);
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto upper_or_digit = [&](char c) { return upper(c) || (c >= '0' && c <= '9'); };
  const std::string& g = p.geography;
  const bool country = g.size() == 2 && upper(g[0]) && upper(g[1]);
  const bool subdivision = g.size() >= 4 && g.size() <= 6 && upper(g[0]) && upper(g[1]) && g[2] == '-' &&
                           std::all_of(g.begin() + 3, g.end(), upper_or_digit);
  if (subdivision) w.Field("geographyCountrySubdivision", g);
  else if (country) w.Field("geographyCountry", g);
  w.Field("boundaryProcessesDescription", BoundaryDescription(r));
  if (v3) {
    w.Field("pcfExcludingBiogenicUptake", PactDecimal(n.excluding)).Field("pcfIncludingBiogenicUptake", PactDecimal(n.including));
    w.Field("fossilCarbonContent", "0").Field("biogenicCarbonContent", PactDecimal(biogenic_carbon));
    w.Field("fossilGhgEmissions", PactDecimal(n.fossil)).Field("landUseChangeGhgEmissions", PactDecimal(n.land_use_change));
    w.Field("biogenicCO2Uptake", PactDecimal(n.biogenic_uptake)).Field("biogenicNonCO2Emissions", PactDecimal(n.biogenic_non_co2));
    w.Field("aircraftGhgEmissions", PactDecimal(n.aircraft));
    w.Key("packagingEmissionsIncluded").Bool(PackagingIncluded(p));
    w.Key("ccsTechnologicalCO2CaptureIncluded").Bool(false);
    w.Key("ipccCharacterizationFactors").BeginArray().String(ipcc).EndArray();
    w.Key("crossSectoralStandards").BeginArray().String("ISO14067").EndArray();
  } else {
    w.Field("pCfExcludingBiogenic", PactDecimal(n.excluding)).Field("pCfIncludingBiogenic", PactDecimal(n.including));
    w.Field("fossilGhgEmissions", PactDecimal(n.fossil)).Field("fossilCarbonContent", "0").Field("biogenicCarbonContent", PactDecimal(biogenic_carbon));
    w.Field("dLucGhgEmissions", PactDecimal(n.land_use_change)).Field("otherBiogenicGhgEmissions", PactDecimal(n.biogenic_non_co2));
    w.Field("biogenicCarbonWithdrawal", PactDecimal(n.biogenic_uptake)).Field("aircraftGhgEmissions", PactDecimal(n.aircraft));
    w.Key("packagingEmissionsIncluded").Bool(PackagingIncluded(p));
    if (ipcc == "AR5" || ipcc == "AR6") w.Field("characterizationFactors", ipcc);
    else throw Error(ErrorKind::kUnsupported, fmt::format("PACT v2 knows the IPCC sets AR5 and AR6, not {}", ipcc));
    w.Key("ipccCharacterizationFactorsSources").BeginArray().String(ipcc).EndArray();
    w.Key("crossSectoralStandardsUsed").BeginArray().String("ISO Standard 14067").EndArray();
    w.Key("crossSectoralStandards").BeginArray().String("ISO14067").EndArray();
  }
  if (!Trim(p.pcr).empty()) {
    w.Key("productOrSectorSpecificRules").BeginArray().BeginObject().Field("operator", "Other");
    w.Key("ruleNames").BeginArray().String(std::string(Trim(p.pcr))).EndArray();
    w.Field("otherOperatorName", "SAC (GB/T) and the PCR named in the product file").EndObject().EndArray();
  }
  const std::string exempted = fmt::format(
      "None: the footprint is solved over the complete linked system, no emissions are excluded. The contribution "
      "analysis shows branches above a {} % cut-off; {} branches below it ({} {}, {} % of the total) stay in the totals.",
      FormatDouble(100 * r.analysis.cutoff), hidden_count, FormatDouble(hidden), indicator.unit,
      FormatDouble(total != 0 ? 100 * hidden / total : 0));
  if (v3) w.Field("exemptedEmissionsPercent", "0");
  else w.Key("exemptedEmissionsPercent").Number(0);
  w.Field("exemptedEmissionsDescription", exempted);
  w.Field("allocationRulesDescription", AllocationDescription(r));
  if (!manifest.db_name.empty()) {
    w.Key("secondaryEmissionFactorSources").BeginArray().BeginObject().Field("name", manifest.db_name);
    w.Field("version", manifest.db_version.empty() ? "sha256:" + manifest.db_sha256 : manifest.db_version).EndObject().EndArray();
  }
  if (n.primary_share) {
    if (v3) w.Field("primaryDataShare", PactDecimal(*n.primary_share));
    else w.Key("primaryDataShare").Number(*n.primary_share);
  }
  // Data quality indicators (docs/data-quality.md): ratings to two decimals (a rating is not more precise).
  // v3: technological, geographical, temporal 1–5 over all inputs; v2.3: five ratings on PACT v2's 1–3
  // scale over the inputs above 5 % of the PCF, with the share of the PCF they cover.
  const DataQuality dq = AssessDataQuality(p, r.system, r.footprint, r.database_info);
  auto rating = [](double v) { return std::round(v * 100) / 100; };
  if (v3 && dq.result) {
    w.Key("dqi").BeginObject().Field("technologicalDQR", PactDecimal(rating((*dq.result)[kTechnological])));
    w.Field("geographicalDQR", PactDecimal(rating((*dq.result)[kGeographical])));
    w.Field("temporalDQR", PactDecimal(rating((*dq.result)[kTemporal]))).EndObject();
  } else if (!v3) {
    if (const auto v2 = PactV2DataQuality(dq)) {
      w.Key("dqi").BeginObject().Key("coveragePercent").Number(rating(v2->coverage_percent));
      w.Key("technologicalDQR").Number(rating(v2->ratings[kTechnological]));
      w.Key("temporalDQR").Number(rating(v2->ratings[kTemporal]));
      w.Key("geographicalDQR").Number(rating(v2->ratings[kGeographical]));
      w.Key("completenessDQR").Number(rating(v2->ratings[kCompleteness]));
      w.Key("reliabilityDQR").Number(rating(v2->ratings[kReliability])).EndObject();
    }
  }
  w.EndObject();
  w.EndObject();
  return w.Finish();
}

}  // namespace pcf
