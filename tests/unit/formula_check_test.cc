// engine/core/formula_check.h: strict numbers. Each refused formula is one muParser would evaluate to
// something other than what is written ("3,25" → 25) or refuse with a message about tokens; the message
// says what to write instead. Accepted formulas still evaluate to their value.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "engine/core/error.h"
#include "engine/core/expression.h"
#include "engine/core/formula_check.h"
#include "engine/core/numbers.h"
#include "engine/core/parameters.h"

using pcf::FormulaProblem;

namespace {

std::string ProblemOf(const std::string& text) { return FormulaProblem(text).value_or("(accepted)"); }

// The error of EvaluateFormula, as printed.
std::string FormulaError(const std::string& text, const std::map<std::string, double>& values = {}) {
  try {
    pcf::EvaluateFormula(text, values, {"product.yaml", 36, 17, "parameters.kiln_heat_gj"});
  } catch (const pcf::Error& e) {
    return e.ToString();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("strict numbers: decimal commas and thousands separators are refused with what to write") {
  CHECK(ProblemOf("3,25") == "\"3,25\" is not a number: a comma is not a decimal mark: write 3.25");
  CHECK(ProblemOf("55,0") == "\"55,0\" is not a number: a comma is not a decimal mark: write 55.0");
  CHECK(ProblemOf("-0,5") == "\"-0,5\" is not a number: a comma is not a decimal mark: write -0.5");
  CHECK(ProblemOf("1,000") == "\"1,000\" is not a number: numbers take no thousands separator and no decimal comma: "
                              "write 1000 (or 1.000 if the comma is a decimal mark)");
  CHECK(ProblemOf("1,234,567") == "\"1,234,567\" is not a number: numbers take no thousands separator: write 1234567");
  CHECK(ProblemOf("1,234.5") == "\"1,234.5\" is not a number: numbers take no thousands separator: write 1234.5");
  CHECK(ProblemOf("1.234,5") == "\"1.234,5\" is not a number: numbers take no thousands separator and no decimal "
                                "comma: write 1234.5");
  CHECK(ProblemOf("2 * 1,5 + a") == "\"2 * 1,5 + a\" is not a number: a comma is not a decimal mark: write 2 * 1.5 + a");
  CHECK(ProblemOf("1 000") == "a number cannot contain spaces (\"1 000\"): write 1000");
  CHECK(ProblemOf("1'000") == "numbers take no thousands separator: write 1000");
  CHECK(ProblemOf("1_000.5") == "numbers take no thousands separator: write 1000.5");
  // A comma outside a function's arguments: muParser would keep only the last value.
  CHECK(ProblemOf("a, b") == "\"a, b\" is not a number: a comma only separates the arguments of a function, e.g. "
                             "max(a, b); muParser would keep only the last of the comma-separated values");
  CHECK(ProblemOf("(3,25)") != "(accepted)");
  CHECK(ProblemOf("2 * (1, 5)") != "(accepted)");
  // Inside a function's arguments, a comma between digits may be a thousands separator: sum(1,000) is 1.
  CHECK(ProblemOf("sum(1,000)") == "\"sum(1,000)\": a comma between digits is ambiguous; separate a function's "
                                   "arguments with \", \" (a comma and a space), and write numbers without thousands "
                                   "separators or decimal commas");
  CHECK(ProblemOf("max(1, 000)") == "(accepted)");
  CHECK(ProblemOf("max(a,b)") == "(accepted)");
  CHECK(ProblemOf("min(max(1, 2), 3)") == "(accepted)");
  CHECK(ProblemOf("max((1 + 2), 3)") == "(accepted)");
}

TEST_CASE("strict numbers: full-width and other non-ASCII characters are refused with the ASCII form") {
  CHECK(ProblemOf("３.２５") == "\"３\" (U+FF13) is not allowed: write formulas in ASCII (half-width) characters: write 3.25");
  CHECK(ProblemOf("3．25") == "\"．\" (U+FF0E) is not allowed: write formulas in ASCII (half-width) characters: write 3.25");
  CHECK(ProblemOf("3。25") == "\"。\" (U+3002) is not allowed: write formulas in ASCII (half-width) characters: write 3.25");
  CHECK(ProblemOf("3，25") == "\"，\" (U+FF0C) is not allowed: write formulas in ASCII (half-width) characters; as "
                              "\"3,25\": \"3,25\" is not a number: a comma is not a decimal mark: write 3.25");
  CHECK(ProblemOf("2 × a") == "\"×\" (U+00D7) is not allowed: write formulas in ASCII (half-width) characters: write 2 * a");
  CHECK(ProblemOf("−5") == "\"−\" (U+2212) is not allowed: write formulas in ASCII (half-width) characters: write -5");
  CHECK(ProblemOf("1\u202F000") == "\"\u202F\" (U+202F) is not allowed: write formulas in ASCII (half-width) characters; as "
                                   "\"1 000\": a number cannot contain spaces (\"1 000\"): write 1000");
  CHECK(ProblemOf("3 ≈ 4") == "\"≈\" (U+2248) is not allowed: write formulas in ASCII (half-width) characters");
  CHECK(ProblemOf("\xC8\xE3") == "byte 0xC8 is not valid UTF-8: write formulas in ASCII characters");
  // {NAME}s of background data may hold anything.
  CHECK(ProblemOf("{A B/C·1} * 2") == "(accepted)");
}

TEST_CASE("strict numbers: things muParser reads otherwise than written are refused") {
  CHECK(ProblemOf("_pi") == "muParser's _pi is 3.141592653589 (13 digits only): write 3.141592653589793 or define a parameter");
  CHECK(ProblemOf("2 * _e") == "muParser's constant _e is not used here: write exp(1)");
  // Comparisons and logic only as the condition of c ? a : b (which muParser evaluates as C does).
  CHECK(ProblemOf("3 < 2 < 1 ? 1 : 2") == "\"3 < 2 < 1 ? 1 : 2\": comparisons do not chain (muParser reads \"3 < 2 < 1\" "
                                        "as (3 < 2) < 1, which is 1): write a < b && b < c");
  CHECK(ProblemOf("a > 1") == "\"a > 1\": a comparison or logic gives 1 or 0, not an amount: use it only as the "
                              "condition of \"condition ? value : other value\"");
  CHECK(ProblemOf("x = 5") == "\"x = 5\": \"=\" assigns in muParser: write == to compare, or leave it out");
  CHECK(ProblemOf("x += 5") != "(accepted)");
  CHECK(ProblemOf("a & b ? 1 : 2") == "\"a & b ? 1 : 2\": write && for \"and\"");
  for (const char* text : {"a == b", "a && b", "!a", "2 * (a > b)", "max(a > b, 1)", "a > b ? 1 : 2 + (c < d)"}) {
    CAPTURE(text);
    CHECK(ProblemOf(text).find("a comparison or logic gives 1 or 0") != std::string::npos);
  }
  for (const char* text : {"a > 3 ? 10 : 20", "a >= 1 && b != 2 ? 1 : 0", "!(a < b) ? 1 : 2", "x ? 1 : 2",
                           "a < b ? 1 : a < c ? 2 : 3", "2 * (a <= b ? a : b)", "max(a == b ? 1 : 2, 3)"}) {
    CAPTURE(text);
    CHECK(ProblemOf(text) == "(accepted)");
  }
  CHECK(ProblemOf("1--1") == "\"1--1\": two signs in a row; write a negative number in parentheses, e.g. 1 - (-1)");
  CHECK(ProblemOf("2 - -1") != "(accepted)");
  CHECK(ProblemOf("2 + +1") != "(accepted)");
  CHECK(ProblemOf("2 * -1") == "(accepted)");
  CHECK(ProblemOf("2^-x") == "(accepted)");
  CHECK(ProblemOf("1e") == "\"1e\" has an exponent without digits: write e.g. 1e3 for 1 × 1000, or leave the e out");
  CHECK(ProblemOf("2.5e+") != "(accepted)");
  CHECK(ProblemOf("1.2.3") == "\"1.2.\" has two decimal points");
  CHECK(ProblemOf("2x") == "\"2x\": write 2 * x (multiplication needs *)");
  CHECK(ProblemOf("2 x") == "\"2 x\": write 2 * x (multiplication needs *)");
  CHECK(ProblemOf("2(3)") == "\"2(3)\": multiplication needs * before \"(\"");
  CHECK(ProblemOf("(1)(2)") == "\"(1)(2)\": multiplication needs * before \"(\"");
  CHECK(ProblemOf("3.25 t") == "\"t\" is a unit: an amount is a number or a formula, its unit goes under \"unit\" (write 3.25)");
  CHECK(ProblemOf("0x10") == "\"0x10\": hexadecimal numbers are not read: write the decimal value");
  CHECK(ProblemOf("5%") == "\"5%\": a percentage is not a number here: write 5 / 100");
  CHECK(ProblemOf("2**3") == "\"2**3\": write ^ for a power, not **");
  CHECK(ProblemOf("3 # note") == "\"3 # note\": the character \"#\" is not allowed in a formula");
  CHECK(ProblemOf("3\n+ 1") == "control character U+000A is not allowed in a formula");
  // Plain arithmetic, exponents, leading and trailing points, functions and parameters pass.
  for (const char* text : {"3.25", ".5", "5.", "-0.5", "+4", "1e3", "1.5E-3", "2.5e+2", "-2^2", "2^3^2", "x^-1",
                           "kiln_heat_gj * (1 - alt_fuel_share)", "sqrt(2) * ln(3)", "clinker_t2"}) {
    CAPTURE(text);
    CHECK(ProblemOf(text) == "(accepted)");
  }
}

TEST_CASE("strict numbers: product formulas are checked before muParser, with file line column and field") {
  CHECK(FormulaError("3,25") ==
        "product.yaml:36:17: parameters.kiln_heat_gj: \"3,25\" is not a number: a comma is not a decimal mark: write 3.25");
  // What was accepted stays exact: muParser's own precedence is the mathematical one.
  const std::map<std::string, double> x = {{"x", 2.0}};
  CHECK(pcf::EvaluateFormula("-x^2", x, {}) == -4.0);
  CHECK(pcf::EvaluateFormula("2^3^2", {}, {}) == 512.0);
  CHECK(pcf::EvaluateFormula("max(1, 000)", {}, {}) == 1.0);
  CHECK(pcf::EvaluateFormula("3.25", {}, {}) == 3.25);
  // NaN and infinities name the field and say which.
  CHECK(FormulaError("x / 0", x) == "product.yaml:36:17: parameters.kiln_heat_gj: \"x / 0\" evaluates to infinity (e.g. "
                                     "a division by zero or an overflow): a result must be a finite number");
  CHECK(FormulaError("-x / 0", x).find("evaluates to minus infinity") != std::string::npos);
  CHECK(FormulaError("sqrt(-x)", x).find("\"sqrt(-x)\" evaluates to NaN") != std::string::npos);
  CHECK(FormulaError("1e308 * 10").find("evaluates to infinity") != std::string::npos);
}

TEST_CASE("strict numbers: parameters named like muParser constants are refused") {
  try {
    pcf::EvaluateParameters({{"_e", "2", {"product.yaml", 5, 3, "parameters._e"}}});
    FAIL("accepted");
  } catch (const pcf::Error& e) {
    CHECK(e.ToString() == "product.yaml:5:3: parameters._e: \"_e\" is a built-in constant of muParser: choose another name");
  }
}

TEST_CASE("strict numbers: background expressions get the same check") {
  const auto none = [](const std::string&) -> std::optional<double> { return 2.0; };
  try {
    pcf::EvaluateExpression("{A} * 1,5", none, {"data/fuels.yaml", 12, 17, "processes[3].emissions[0].amount"});
    FAIL("accepted");
  } catch (const pcf::Error& e) {
    CHECK(e.ToString() == "data/fuels.yaml:12:17: processes[3].emissions[0].amount: \"{A} * 1,5\" is not a number: a "
                          "comma is not a decimal mark: write {A} * 1.5");
  }
  CHECK(pcf::EvaluateExpression("{A} * 1.5", none, {}).value == 3.0);
}

TEST_CASE("strict numbers: a decimal read from a data file (PACT, CSV) says what to write") {
  const pcf::SourceLocation at{"gypsum.json", 0, 0, "pcf.pcfExcludingBiogenicUptake"};
  CHECK_THROWS_WITH(pcf::ParseFiniteDouble("0,42", at),
                    "gypsum.json: pcf.pcfExcludingBiogenicUptake: expected a number, got \"0,42\": \"0,42\" is not a "
                    "number: a comma is not a decimal mark: write 0.42");
  CHECK_THROWS_WITH(pcf::ParseFiniteDouble("1.5x", at),
                    "gypsum.json: pcf.pcfExcludingBiogenicUptake: expected a number, got \"1.5x\"");
}
