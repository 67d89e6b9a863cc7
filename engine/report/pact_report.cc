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

#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
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

struct Period {
  int year, month, day;
};

std::string Timestamp(const Period& p) { return fmt::format("{:04}-{:02}-{:02}T00:00:00Z", p.year, p.month, p.day); }

// "2024" → 2024-01-01 … 2025-01-01; "2024-07" → 2024-07-01 … 2024-08-01; "2024-07-15" → one day;
// "A/B" (either form at each end) → start of A … end of B. The end is exclusive (the next period's start).
// True when `text` is exactly `count` ASCII digits.
bool Digits(std::string_view text, std::size_t count) {
  return text.size() == count && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" → the numbers (−1 for a part not given); plain parsing rather than
// std::regex, which draws a false GCC 12 warning in the sanitizer build.
std::optional<std::array<int, 3>> DateParts(std::string_view text) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!Digits(text.substr(0, 4), 4)) return std::nullopt;
  std::array<int, 3> parts{std::stoi(std::string(text.substr(0, 4))), -1, -1};
  for (std::size_t k = 1; k < 3 && text.size() > 4 + 3 * (k - 1); ++k) {
    const std::size_t at = 4 + 3 * (k - 1);
    if (text[at] != '-' || !Digits(text.substr(at + 1, 2), 2)) return std::nullopt;
    parts[k] = std::stoi(std::string(text.substr(at + 1, 2)));
  }
  return parts;
}

std::pair<std::string, std::string> ReferencePeriod(const ProductFile& p) {
  auto parse = [&](const std::string& text, bool end) -> std::optional<Period> {
    const auto parts = DateParts(text);
    if (!parts) return std::nullopt;
    const bool has_month = (*parts)[1] >= 0, has_day = (*parts)[2] >= 0;
    Period d{(*parts)[0], has_month ? (*parts)[1] : 1, has_day ? (*parts)[2] : 1};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
    if (!end) return d;
    if (!has_month) return Period{d.year + 1, 1, 1};
    if (!has_day) return d.month == 12 ? Period{d.year + 1, 1, 1} : Period{d.year, d.month + 1, 1};
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int days = d.month == 2 && leap ? 29 : kDays[d.month - 1];
    if (d.day > days) return std::nullopt;
    if (d.day < days) return Period{d.year, d.month, d.day + 1};
    return d.month == 12 ? Period{d.year + 1, 1, 1} : Period{d.year, d.month + 1, 1};
  };
  const std::string text(Trim(p.reference_period));
  const std::size_t slash = text.find('/');
  const std::string first = std::string(Trim(text.substr(0, slash)));
  const std::string last = slash == std::string::npos ? first : std::string(Trim(text.substr(slash + 1)));
  const auto start = parse(first, false);
  const auto end = parse(last, true);
  if (!start || !end || Timestamp(*end) <= Timestamp(*start))
    throw Error(ErrorKind::kUnsupported,
                fmt::format("a PACT footprint needs the reference period as YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO; "
                            "product \"{}\" has reference_period \"{}\"", p.id, p.reference_period));
  return {Timestamp(*start), Timestamp(*end)};
}

std::string AddYears(const std::string& timestamp, int years) {
  std::string out = timestamp;
  const std::string year = fmt::format("{:04}", std::stoi(timestamp.substr(0, 4)) + years);
  out.replace(0, 4, year);
  if (out.substr(5, 5) == "02-29") out.replace(5, 5, "03-01");  // no 29 February in most target years
  return out;
}

struct PactUnit {
  const char* name;  // PACT declared unit
  double amount;     // declared units in the product's declared unit
  bool mass;
};

PactUnit DeclaredUnit(const ProductFile& p, int version) {
  const Quantity& q = p.declared_unit;
  switch (q.unit.dimension) {
    case Dimension::kMass: return {"kilogram", q.InBase(), true};
    case Dimension::kVolume:
      if (q.unit.name == "L") return {"liter", q.amount, false};
      return {"cubic meter", q.InBase(), false};
    case Dimension::kArea: return {"square meter", q.InBase(), false};
    case Dimension::kEnergy:
      if (q.unit.name == "kWh" || q.unit.name == "MWh" || q.unit.name == "GWh") return {"kilowatt hour", q.InBase() / 3.6, false};
      return {"megajoule", q.InBase(), false};
    case Dimension::kMassDistance: return {"ton kilometer", q.InBase(), false};
    case Dimension::kCount:
      if (version >= 3) return {"piece", q.InBase(), false};
      break;
    case Dimension::kTime:
      if (version >= 3) return {"hour", q.InBase(), false};
      break;
    case Dimension::kLength: break;
  }
  throw Error(ErrorKind::kUnsupported, fmt::format("PACT v{} has no declared unit for \"{}\" (product \"{}\")", version,
                                                   q.unit.name, p.id),
              q.unit_where);
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
  const PactUnit unit = DeclaredUnit(p, major_version);
  if (!(unit.amount > 0)) throw Error(ErrorKind::kUnsupported, "a PACT declared unit amount must be positive", p.declared_unit.where);
  const PactNumbers n = Numbers(r, unit.amount);
  const auto [period_start, period_end] = ReferencePeriod(p);
  const std::string ipcc = IpccReport(indicator.id);
  double hidden = 0;
  int hidden_count = 0;
  Hidden(r.analysis.tree, hidden, hidden_count);
  const double total = r.footprint.lci.scores[static_cast<Eigen::Index>(r.system.method_row)];

  JsonWriter w;
  w.BeginObject();
  w.Field("id", FootprintUuid(r)).Field("specVersion", v3 ? "3.0.0" : "2.3.0");
  if (!v3) w.Key("version").Integer(1);
  w.Field("created", options.created).Field("status", "Active");
  w.Field("validityPeriodStart", period_end).Field("validityPeriodEnd", AddYears(period_end, 3));
  w.Field("companyName", p.company.empty() ? "(company not stated)" : p.company);
  w.Key("companyIds").BeginArray().String("urn:pcf:company:" + Slug(p.company)).EndArray();
  std::string description = p.name;
  if (!p.name_zh.empty()) description += " / " + p.name_zh;
  if (!p.site.empty()) description += "; site: " + p.site;
  w.Field("productDescription", description);
  w.Key("productIds").BeginArray().String("urn:pcf:product:" + UrnEncode(p.id)).EndArray();
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
  if (!unit.mass && v3) comment += " productMassPerDeclaredUnit: not modelled by the product file (0 written).";
  w.Field("comment", comment);

  w.Key("pcf").BeginObject();
  w.Field(v3 ? "declaredUnitOfMeasurement" : "declaredUnit", unit.name);
  w.Field(v3 ? "declaredUnitAmount" : "unitaryProductAmount", PactDecimal(unit.amount));
  if (unit.mass || v3) w.Field("productMassPerDeclaredUnit", unit.mass ? "1" : "0");
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
    w.Field("fossilCarbonContent", "0").Field("biogenicCarbonContent", "0");
    w.Field("fossilGhgEmissions", PactDecimal(n.fossil)).Field("landUseChangeGhgEmissions", PactDecimal(n.land_use_change));
    w.Field("biogenicCO2Uptake", PactDecimal(n.biogenic_uptake)).Field("biogenicNonCO2Emissions", PactDecimal(n.biogenic_non_co2));
    w.Field("aircraftGhgEmissions", PactDecimal(n.aircraft));
    w.Key("packagingEmissionsIncluded").Bool(PackagingIncluded(p));
    w.Key("ccsTechnologicalCO2CaptureIncluded").Bool(false);
    w.Key("ipccCharacterizationFactors").BeginArray().String(ipcc).EndArray();
    w.Key("crossSectoralStandards").BeginArray().String("ISO14067").EndArray();
  } else {
    w.Field("pCfExcludingBiogenic", PactDecimal(n.excluding)).Field("pCfIncludingBiogenic", PactDecimal(n.including));
    w.Field("fossilGhgEmissions", PactDecimal(n.fossil)).Field("fossilCarbonContent", "0").Field("biogenicCarbonContent", "0");
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
  w.EndObject();
  w.EndObject();
  return w.Finish();
}

}  // namespace pcf
