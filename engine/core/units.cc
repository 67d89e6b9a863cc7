#include "engine/core/units.h"

#include "engine/core/numbers.h"

namespace pcf {

namespace {

struct Alias {
  const char* spelling;
  const char* canonical;
};

const UnitInfo kUnits[] = {
    {"kg", Dimension::kMass, 1},          {"g", Dimension::kMass, 1e-3},
    {"t", Dimension::kMass, 1000},        {"kt", Dimension::kMass, 1e6},
    {"MJ", Dimension::kEnergy, 1},        {"kJ", Dimension::kEnergy, 1e-3},
    {"GJ", Dimension::kEnergy, 1000},     {"TJ", Dimension::kEnergy, 1e6},
    {"kWh", Dimension::kEnergy, 3.6},     {"MWh", Dimension::kEnergy, 3600},
    {"GWh", Dimension::kEnergy, 3.6e6},   {"m3", Dimension::kVolume, 1},
    {"L", Dimension::kVolume, 1e-3},      {"m2", Dimension::kArea, 1},
    {"m", Dimension::kLength, 1},         {"km", Dimension::kLength, 1000},
    {"t*km", Dimension::kMassDistance, 1}, {"kg*km", Dimension::kMassDistance, 1e-3},
    {"piece", Dimension::kCount, 1},      {"h", Dimension::kTime, 1},
};

// Other ways people write the same units. Nm³ (normal cubic metre, gas at 0 °C and 101.325 kPa) is
// taken as m³: the background natural gas is given per normal cubic metre.
const Alias kAliases[] = {
    {"kilogram", "kg"}, {"kgs", "kg"}, {"tonne", "t"}, {"tonnes", "t"}, {"ton", "t"}, {"l", "L"},
    {"litre", "L"},     {"liter", "L"}, {"m³", "m3"},  {"m^3", "m3"},   {"Nm3", "m3"}, {"Nm³", "m3"},
    {"m²", "m2"},       {"m^2", "m2"}, {"t·km", "t*km"}, {"tkm", "t*km"}, {"t km", "t*km"}, {"t.km", "t*km"},
    {"kg·km", "kg*km"}, {"pcs", "piece"}, {"pc", "piece"}, {"pieces", "piece"}, {"unit", "piece"},
    {"kwh", "kWh"},     {"mj", "MJ"},  {"gj", "GJ"},   {"mwh", "MWh"},
};

}  // namespace

std::optional<UnitInfo> FindUnit(std::string_view text) {
  std::string_view t = Trim(text);
  for (const Alias& a : kAliases)
    if (t == a.spelling) { t = a.canonical; break; }
  for (const UnitInfo& u : kUnits)
    if (t == u.name) return u;
  return std::nullopt;
}

const char* DimensionName(Dimension dimension) {
  switch (dimension) {
    case Dimension::kMass: return "mass";
    case Dimension::kEnergy: return "energy";
    case Dimension::kVolume: return "volume";
    case Dimension::kArea: return "area";
    case Dimension::kLength: return "length";
    case Dimension::kMassDistance: return "mass × distance";
    case Dimension::kCount: return "count";
    case Dimension::kTime: return "time";
  }
  return "?";
}

std::vector<std::string> UnitNames() {
  std::vector<std::string> names;
  for (const UnitInfo& u : kUnits) names.push_back(u.name);
  return names;
}

}  // namespace pcf
