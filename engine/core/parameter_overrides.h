// What-if values for a product file's parameters (`pcf calc --set NAME=VALUE`, docs/sensitivity.md): one
// run with a parameter replaced by a number, recorded in the result's manifest (`overrides`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/parameters.h"

namespace pcf {

using ParameterOverrides = std::map<std::string, double>;  // name → value

// "NAME=VALUE" settings of `option` (e.g. "--set"). Throws Error(kUsage) naming the option and the
// setting for a missing '=', an invalid name, a value that is not a finite number, or a name set twice.
ParameterOverrides ParseParameterOverrides(const std::vector<std::string>& settings, const std::string& option);

// Replaces the text of each overridden definition by the value (shortest round-trip form), so every later
// evaluation (amounts, allocation keys, Monte Carlo draws) sees it. Throws Error(kUsage) naming `option`
// for a name the file does not define, with the closest defined name.
void ApplyParameterOverrides(std::vector<ParameterDefinition>* definitions, const ParameterOverrides& overrides,
                             const std::string& file, const std::string& option = "--set");

}  // namespace pcf
