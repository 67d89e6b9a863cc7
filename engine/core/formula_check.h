// Strict numbers: a formula in a data file must mean what it says before muParser sees it.
//
// muParser accepts things a person does not mean: `3,25` is a list of two results and evaluates to 25,
// `1,000` to 0, `sum(1,000)` to 1, `3 < 2 < 1` to 1, `x = 5` assigns, `_pi` is 3.141592653589 (13 digits).
// Other slips it refuses with a message about tokens and positions (`３`, `1 000`, `5%`, `2x`). The check
// below refuses all of these with a hint that says what to write instead ("write 3.25"). The rules are
// listed in docs/product-format.md ("Numbers and formulas").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/error.h"

namespace pcf {

// What is wrong with the formula and what to write instead, or std::nullopt when it may be evaluated.
// `{NAME}` spans (named values of background data) count as one name and are not looked into.
std::optional<std::string> FormulaProblem(std::string_view text);

// Throws Error(kBadInput) at `where` with FormulaProblem's message.
void CheckFormula(std::string_view text, const SourceLocation& where);

// "\"0/0\" evaluates to NaN …": the message for a formula whose result is NaN or ±Inf.
std::string NotFiniteMessage(std::string_view text, double value);

// muParser's built-in constants (`_pi`, `_e`): refused in formulas and as parameter names.
bool IsBuiltInConstant(std::string_view name);

}  // namespace pcf
