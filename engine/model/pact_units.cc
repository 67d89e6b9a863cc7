#include "engine/model/pact_units.h"

#include <fmt/format.h>

namespace pcf {

namespace {

struct Row {
  const char* pact;
  const char* pcf;
  int since;  // first PACT major version with this unit
};

// v2.3 enum (seven units) and v3.0 enum (plus piece, hour, megabit second). "megabit second" has no pcf
// unit (no data-transfer dimension), so it stays out: a footprint declared in it is refused by name.
const Row kRows[] = {{"kilogram", "kg", 2},      {"liter", "L", 2},         {"cubic meter", "m3", 2},
                     {"kilowatt hour", "kWh", 2}, {"megajoule", "MJ", 2},    {"ton kilometer", "t*km", 2},
                     {"square meter", "m2", 2},   {"piece", "piece", 3},     {"hour", "h", 3}};

}  // namespace

std::optional<std::string> PcfUnitOfPact(const std::string& pact_name, int major_version) {
  for (const Row& r : kRows)
    if (pact_name == r.pact && major_version >= r.since) return std::string(r.pcf);
  return std::nullopt;
}

PactDeclaredUnit PactUnitOf(const Quantity& q, int major_version, const std::string& product_id) {
  const char* pcf_unit = nullptr;
  switch (q.unit.dimension) {
    case Dimension::kMass: pcf_unit = "kg"; break;
    case Dimension::kVolume: pcf_unit = q.unit.name == "L" ? "L" : "m3"; break;
    case Dimension::kArea: pcf_unit = "m2"; break;
    case Dimension::kEnergy:
      pcf_unit = q.unit.name == "kWh" || q.unit.name == "MWh" || q.unit.name == "GWh" ? "kWh" : "MJ";
      break;
    case Dimension::kMassDistance: pcf_unit = "t*km"; break;
    case Dimension::kCount: pcf_unit = "piece"; break;
    case Dimension::kTime: pcf_unit = "h"; break;
    case Dimension::kLength: break;
  }
  for (const Row& r : kRows)
    if (pcf_unit && r.pcf == std::string(pcf_unit) && major_version >= r.since) {
      const auto unit = FindUnit(pcf_unit);
      const bool mass = q.unit.dimension == Dimension::kMass;
      const bool relevant = mass || q.unit.dimension == Dimension::kVolume || q.unit.dimension == Dimension::kArea ||
                            q.unit.dimension == Dimension::kCount;
      return {r.pact, q.InBase() / unit->to_base, mass, relevant};
    }
  throw Error(ErrorKind::kUnsupported,
              fmt::format("PACT v{} has no declared unit for \"{}\" ({}) of product \"{}\"{}", major_version, q.unit.name,
                          DimensionName(q.unit.dimension), product_id,
                          major_version == 2 && pcf_unit ? "; PACT v3.0 has (--format pact-v3)" : ""),
              q.unit_where);
}

}  // namespace pcf
