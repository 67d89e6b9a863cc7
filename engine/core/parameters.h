// Named parameters of a product file: numbers and formulas over other parameters, evaluated in
// dependency order with muParser. Undefined names and cycles are errors that point at the formula.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace mu {
class Parser;
}

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

// A formula parsed once and evaluated many times over values that live elsewhere, bound by address:
// Monte Carlo draws evaluate every formula of a product file thousands of times, and EvaluateFormula
// parses it (and copies every parameter) on each call. Evaluate gives what EvaluateFormula gives for the
// same values, bit for bit (the same muParser byte code), with the same errors. Not thread-safe: one per
// thread. The bound values must outlive it and stay where they are.
class CompiledFormula {
 public:
  // `value_of(name)` is the address of a name the formula uses; null for an unknown name, which throws
  // like EvaluateFormula. A syntax error throws too.
  CompiledFormula(const std::string& text, const std::function<double*(const std::string&)>& value_of,
                  const SourceLocation& where);
  CompiledFormula(CompiledFormula&&) noexcept;
  CompiledFormula& operator=(CompiledFormula&&) noexcept;
  ~CompiledFormula();

  const std::vector<std::string>& names() const { return names_; }  // the names it uses
  // Throws Error(kBadInput) at the formula's place for a result that is not finite or is a denormal.
  double Evaluate() const;

 private:
  std::string text_;
  SourceLocation where_;
  std::vector<std::string> names_;
  std::unique_ptr<mu::Parser> parser_;
};

}  // namespace pcf
