// Units as people write them in product files (t, kg, kWh, MJ, Nm³, t·km, piece, …), each with its
// dimension and its factor to the dimension's base unit. An amount is converted only within its
// dimension: 1 t → 1000 kg is fine, 1 t → kWh is an error, never a silent conversion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcf {

enum class Dimension { kMass, kEnergy, kVolume, kArea, kLength, kMassDistance, kCount, kTime };

struct UnitInfo {
  std::string name;       // canonical spelling, e.g. "t*km"
  Dimension dimension;
  double to_base;         // base units per one of this unit (kg, MJ, m3, m2, m, t*km, piece, h)
};

// The unit written as `text` (blanks trimmed; "m³", "m^3", "Nm3" and "t·km", "tkm" are accepted), or
// std::nullopt when unknown.
std::optional<UnitInfo> FindUnit(std::string_view text);

const char* DimensionName(Dimension dimension);

// All canonical unit names, for "did you mean" hints and the docs.
std::vector<std::string> UnitNames();

}  // namespace pcf
