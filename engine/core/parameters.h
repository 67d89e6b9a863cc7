// Named parameters of a product file: numbers and formulas over other parameters, evaluated in
// dependency order with muParser. Undefined names and cycles are errors that point at the formula.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace pcf {

struct ParameterDefinition {
  std::string name;
  std::string text;  // a number or a formula
  SourceLocation where;
};

// Name → value. Throws Error(kBadInput) for an invalid name, a syntax error, a non-finite value, an
// undefined name (with the closest defined one), or a cycle (naming every parameter in it).
std::map<std::string, double> EvaluateParameters(const std::vector<ParameterDefinition>& definitions);

// The same, with `adjust(name, value)` applied to each parameter right after it is evaluated and before
// any parameter that uses it: Monte Carlo draws uncertain parameters there (docs/uncertainty.md).
std::map<std::string, double> EvaluateParameters(const std::vector<ParameterDefinition>& definitions,
                                                 const std::function<double(const std::string&, double)>& adjust);

// A formula over already evaluated parameters (plain names, muParser syntax). Same errors.
double EvaluateFormula(const std::string& text, const std::map<std::string, double>& values, const SourceLocation& where);

// True for names muParser accepts as variables: a letter or '_' then letters, digits or '_'.
bool IsParameterName(const std::string& name);

}  // namespace pcf
