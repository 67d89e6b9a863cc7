// Arithmetic expressions in data files: numbers, + - * / ^, parentheses, and named values written
// `{NAME}` (a factor id in background data, a parameter in product files). Evaluated with muParser, a
// well-kept parser, rather than a hand-written one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace pcf {

struct ExpressionValue {
  double value = 0;
  std::vector<std::string> names;  // the {NAME}s it used, in order of first use
};

// Looks a name up; std::nullopt when unknown.
using NameLookup = std::function<std::optional<double>(const std::string& name)>;

// Throws Error(kBadInput) at `where` for a syntax error, an unknown {NAME} (kNotFound), or a result that
// is not finite.
ExpressionValue EvaluateExpression(const std::string& text, const NameLookup& lookup, const SourceLocation& where);

}  // namespace pcf
