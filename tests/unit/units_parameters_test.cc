// engine/core/units.h (units as people write them: aliases, dimensions, factors to the base unit) and
// engine/core/parameters.h (named numbers and formulas: dependency order, cycles, undefined and invalid
// names, duplicates, functions).
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/parameters.h"
#include "engine/core/units.h"

using pcf::Dimension;
using pcf::FindUnit;

namespace {

// The canonical name of the unit written as `text`, or "?" when unknown.
std::string Canonical(const std::string& text) {
  const auto unit = FindUnit(text);
  return unit ? unit->name : "?";
}

// How many base units of the unit's dimension one `text` is.
double ToBase(const std::string& text) {
  const auto unit = FindUnit(text);
  REQUIRE(unit.has_value());
  return unit->to_base;
}

// `amount` of `from` expressed in `to`, both of one dimension.
double Convert(double amount, const std::string& from, const std::string& to) {
  const auto a = FindUnit(from), b = FindUnit(to);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  REQUIRE(a->dimension == b->dimension);
  return amount * a->to_base / b->to_base;
}

const pcf::SourceLocation kWhere{"product.yaml", 0, 0, ""};

pcf::ParameterDefinition Def(const std::string& name, const std::string& text, int line) {
  return {name, text, {"product.yaml", line, 3, "parameters." + name}};
}

std::map<std::string, double> Evaluate(const std::vector<pcf::ParameterDefinition>& definitions) {
  return pcf::EvaluateParameters(definitions);
}

// The message of the Error that evaluating `definitions` throws ("" when none is thrown).
std::string ErrorOf(const std::vector<pcf::ParameterDefinition>& definitions) {
  try {
    pcf::EvaluateParameters(definitions);
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    return e.what();
  }
  return "";
}

}  // namespace

// --- Units ---------------------------------------------------------------------------------------------

TEST_CASE("units: canonical names are found as they are with their dimension") {
  const std::vector<std::pair<std::string, Dimension>> units = {
      {"kg", Dimension::kMass},         {"g", Dimension::kMass},         {"t", Dimension::kMass},
      {"kt", Dimension::kMass},         {"MJ", Dimension::kEnergy},      {"kJ", Dimension::kEnergy},
      {"GJ", Dimension::kEnergy},       {"TJ", Dimension::kEnergy},      {"kWh", Dimension::kEnergy},
      {"MWh", Dimension::kEnergy},      {"GWh", Dimension::kEnergy},     {"m3", Dimension::kVolume},
      {"L", Dimension::kVolume},        {"m2", Dimension::kArea},        {"m", Dimension::kLength},
      {"km", Dimension::kLength},       {"t*km", Dimension::kMassDistance}, {"kg*km", Dimension::kMassDistance},
      {"piece", Dimension::kCount},     {"h", Dimension::kTime}};
  for (const auto& [name, dimension] : units) {
    CAPTURE(name);
    const auto unit = FindUnit(name);
    REQUIRE(unit.has_value());
    CHECK(unit->name == name);
    CHECK(unit->dimension == dimension);
  }
  // UnitNames lists exactly these, for hints and the docs.
  std::vector<std::string> names;
  for (const auto& [name, dimension] : units) names.push_back(name);
  CHECK(pcf::UnitNames() == names);
}

TEST_CASE("units: the spellings people use are aliases of the canonical units") {
  // Transport work.
  CHECK(Canonical("t·km") == "t*km");
  CHECK(Canonical("tkm") == "t*km");
  CHECK(Canonical("t km") == "t*km");
  CHECK(Canonical("t.km") == "t*km");
  CHECK(Canonical("kg·km") == "kg*km");
  // Normal cubic metres are read as cubic metres (the background natural gas is per Nm³).
  CHECK(Canonical("Nm³") == "m3");
  CHECK(Canonical("Nm3") == "m3");
  CHECK(Canonical("m³") == "m3");
  CHECK(Canonical("m^3") == "m3");
  CHECK(Canonical("m²") == "m2");
  CHECK(Canonical("m^2") == "m2");
  // Counts.
  CHECK(Canonical("pcs") == "piece");
  CHECK(Canonical("pc") == "piece");
  CHECK(Canonical("pieces") == "piece");
  CHECK(Canonical("unit") == "piece");
  // Words and lower case.
  CHECK(Canonical("tonne") == "t");
  CHECK(Canonical("tonnes") == "t");
  CHECK(Canonical("ton") == "t");
  CHECK(Canonical("kilogram") == "kg");
  CHECK(Canonical("litre") == "L");
  CHECK(Canonical("liter") == "L");
  CHECK(Canonical("l") == "L");
  CHECK(Canonical("kwh") == "kWh");
  CHECK(Canonical("mwh") == "MWh");
  CHECK(Canonical("mj") == "MJ");
  CHECK(Canonical("gj") == "GJ");
  // Blanks around the unit do not matter.
  CHECK(Canonical("  kWh ") == "kWh");
  CHECK(Canonical("\tt·km") == "t*km");
  // An alias keeps the canonical dimension and factor.
  CHECK(FindUnit("Nm³")->dimension == Dimension::kVolume);
  CHECK(FindUnit("tkm")->to_base == 1);
}

TEST_CASE("units: unknown spellings are not guessed") {
  for (const std::string text : {"", " ", "tonn", "KG", "Kg", "kwH", "TKM", "t/km", "km*t", "m4", "MJ/kg", "kg CO2e",
                                  "Mt", "MMBtu", "mm", "cm", "N m3", "day"}) {
    CAPTURE(text);
    CHECK_FALSE(FindUnit(text).has_value());
  }
}

TEST_CASE("units: conversion factors within a dimension") {
  CHECK(ToBase("kg") == 1);
  CHECK(ToBase("g") == 1e-3);
  CHECK(ToBase("t") == 1000);
  CHECK(ToBase("kt") == 1e6);
  CHECK(ToBase("MJ") == 1);
  CHECK(ToBase("kJ") == 1e-3);
  CHECK(ToBase("GJ") == 1000);
  CHECK(ToBase("TJ") == 1e6);
  CHECK(ToBase("kWh") == 3.6);
  CHECK(ToBase("MWh") == 3600);
  CHECK(ToBase("GWh") == 3.6e6);
  CHECK(ToBase("m3") == 1);
  CHECK(ToBase("L") == 1e-3);
  CHECK(ToBase("m2") == 1);
  CHECK(ToBase("m") == 1);
  CHECK(ToBase("km") == 1000);
  CHECK(ToBase("t*km") == 1);
  CHECK(ToBase("kg*km") == 1e-3);
  CHECK(ToBase("piece") == 1);
  CHECK(ToBase("h") == 1);

  CHECK(Convert(1.52, "t", "kg") == doctest::Approx(1520).epsilon(1e-15));
  CHECK(Convert(250, "g", "kg") == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(Convert(3.1, "GJ", "kWh") == doctest::Approx(3100 / 3.6).epsilon(1e-15));   // 861.1 kWh
  CHECK(Convert(1, "MWh", "GJ") == doctest::Approx(3.6).epsilon(1e-15));
  CHECK(Convert(32, "kWh", "MJ") == doctest::Approx(115.2).epsilon(1e-15));
  CHECK(Convert(1000, "L", "m3") == doctest::Approx(1).epsilon(1e-15));
  CHECK(Convert(80, "km", "m") == doctest::Approx(80000).epsilon(1e-15));
  CHECK(Convert(500, "kg*km", "t*km") == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(Convert(2, "Nm³", "L") == doctest::Approx(2000).epsilon(1e-15));
}

TEST_CASE("units: different dimensions are told apart (no silent conversion)") {
  CHECK(FindUnit("t")->dimension != FindUnit("kWh")->dimension);
  CHECK(FindUnit("km")->dimension != FindUnit("t*km")->dimension);
  CHECK(FindUnit("t")->dimension != FindUnit("t*km")->dimension);
  CHECK(FindUnit("m3")->dimension != FindUnit("m2")->dimension);
  CHECK(FindUnit("m")->dimension != FindUnit("m2")->dimension);
  CHECK(FindUnit("h")->dimension != FindUnit("kWh")->dimension);
  CHECK(FindUnit("piece")->dimension != FindUnit("kg")->dimension);
}

TEST_CASE("units: dimension names") {
  CHECK(std::string(pcf::DimensionName(Dimension::kMass)) == "mass");
  CHECK(std::string(pcf::DimensionName(Dimension::kEnergy)) == "energy");
  CHECK(std::string(pcf::DimensionName(Dimension::kVolume)) == "volume");
  CHECK(std::string(pcf::DimensionName(Dimension::kArea)) == "area");
  CHECK(std::string(pcf::DimensionName(Dimension::kLength)) == "length");
  CHECK(std::string(pcf::DimensionName(Dimension::kMassDistance)) == "mass × distance");
  CHECK(std::string(pcf::DimensionName(Dimension::kCount)) == "count");
  CHECK(std::string(pcf::DimensionName(Dimension::kTime)) == "time");
}

// --- Parameters ----------------------------------------------------------------------------------------

TEST_CASE("parameters: numbers and formulas are evaluated in dependency order whatever the written order") {
  // Written with every formula before what it uses.
  const auto values = Evaluate({Def("slag_ratio", "1 - clinker_ratio - gypsum_ratio", 1),
                                Def("co2_kg", "1000 * (cao * 44/56 + mgo * 44/40)", 2), Def("total", "co2_kg * clinker_ratio", 3),
                                Def("clinker_ratio", "0.825", 4), Def("gypsum_ratio", "0.05", 5), Def("cao", "0.655", 6),
                                Def("mgo", "0.022", 7)});
  REQUIRE(values.size() == 7);
  CHECK(values.at("clinker_ratio") == 0.825);
  CHECK(values.at("gypsum_ratio") == 0.05);
  CHECK(values.at("slag_ratio") == doctest::Approx(1 - 0.825 - 0.05).epsilon(1e-15));
  const double co2 = 1000 * (0.655 * 44 / 56 + 0.022 * 44 / 40);
  CHECK(values.at("co2_kg") == doctest::Approx(co2).epsilon(1e-15));
  CHECK(values.at("total") == doctest::Approx(co2 * 0.825).epsilon(1e-15));

  // The same definitions in the opposite order give the same values.
  const auto reversed = Evaluate({Def("mgo", "0.022", 1), Def("cao", "0.655", 2), Def("gypsum_ratio", "0.05", 3),
                                  Def("clinker_ratio", "0.825", 4), Def("total", "co2_kg * clinker_ratio", 5),
                                  Def("co2_kg", "1000 * (cao * 44/56 + mgo * 44/40)", 6),
                                  Def("slag_ratio", "1 - clinker_ratio - gypsum_ratio", 7)});
  CHECK(reversed == values);

  // A chain written backwards.
  const auto chain = Evaluate({Def("d", "c + 1", 1), Def("c", "b * 2", 2), Def("b", "a ^ 2", 3), Def("a", "3", 4)});
  CHECK(chain.at("d") == 19);
  CHECK(Evaluate({}).empty());
}

TEST_CASE("parameters: formulas with functions and operators") {
  const auto values = Evaluate({Def("a", "4", 1), Def("b", "-2.5", 2), Def("m1", "min(a, 3)", 3), Def("m2", "max(a, b, 7)", 4),
                                Def("r", "sqrt(a) + abs(b)", 5), Def("p", "2^3^0", 6), Def("e", "exp(0) + ln(1) + log10(100)", 7),
                                Def("c", "a > 3 ? 10 : 20", 8), Def("s", "1.5e3 / 3", 9)});
  CHECK(values.at("m1") == 3);
  CHECK(values.at("m2") == 7);
  CHECK(values.at("r") == 4.5);
  CHECK(values.at("p") == 2);
  CHECK(values.at("e") == 3);
  CHECK(values.at("c") == 10);
  CHECK(values.at("s") == 500);
}

TEST_CASE("parameters: a cycle is refused naming every parameter in it") {
  CHECK(ErrorOf({Def("a", "b + 1", 4), Def("b", "c * 2", 5), Def("c", "a - x", 6), Def("x", "1", 7)}) ==
        "product.yaml:4:3: parameters.a: parameters depend on each other in a cycle: a → b → c → a");
  // Met from the middle: the cycle is named from where the walk entered it.
  CHECK(ErrorOf({Def("start", "b", 1), Def("a", "b + 1", 2), Def("b", "c * 2", 3), Def("c", "a", 4)}) ==
        "product.yaml:3:3: parameters.b: parameters depend on each other in a cycle: b → c → a → b");
  CHECK(ErrorOf({Def("a", "a + 1", 9)}) == "product.yaml:9:3: parameters.a: parameters depend on each other in a cycle: a → a");
  CHECK(ErrorOf({Def("p", "q", 1), Def("q", "p", 2)}) ==
        "product.yaml:1:3: parameters.p: parameters depend on each other in a cycle: p → q → p");
}

TEST_CASE("parameters: an undefined name is refused with the closest defined one") {
  CHECK(ErrorOf({Def("clinker_ratio", "0.825", 1), Def("slag", "1 - clinker_ration", 2)}) ==
        "product.yaml:2:3: parameters.slag: undefined parameter \"clinker_ration\" (did you mean \"clinker_ratio\"?)");
  CHECK(ErrorOf({Def("a", "1", 1), Def("b", "unrelated_name * 2", 2)}) ==
        "product.yaml:2:3: parameters.b: undefined parameter \"unrelated_name\"");
  // EvaluateFormula (amounts) says the same, with the location it is given.
  CHECK_THROWS_WITH(pcf::EvaluateFormula("kiln_heat_g * 2", {{"kiln_heat_gj", 3.1}}, {"p.yaml", 80, 30, "processes[2].inputs[1].amount"}),
                    "p.yaml:80:30: processes[2].inputs[1].amount: undefined parameter \"kiln_heat_g\" (did you mean \"kiln_heat_gj\"?)");
  CHECK(pcf::EvaluateFormula("kiln_heat_gj * (1 - 0.1)", {{"kiln_heat_gj", 3.1}}, kWhere) == doctest::Approx(2.79).epsilon(1e-15));
}

TEST_CASE("parameters: invalid and duplicate names") {
  CHECK(pcf::IsParameterName("clinker_ratio"));
  CHECK(pcf::IsParameterName("_x"));
  CHECK(pcf::IsParameterName("a1"));
  CHECK(pcf::IsParameterName("CaO"));
  for (const std::string name : {"", "1a", "2additive_km", "clinker ratio", "a-b", "a.b", "ratio%", "熟料比"}) {
    CAPTURE(name);
    CHECK_FALSE(pcf::IsParameterName(name));
  }
  CHECK(ErrorOf({Def("2additive_km", "80", 3)}) ==
        "product.yaml:3:3: parameters.2additive_km: \"2additive_km\" is not a valid parameter name (letters, digits and _, "
        "not starting with a digit)");
  CHECK(ErrorOf({Def("clinker ratio", "0.8", 3)}) ==
        "product.yaml:3:3: parameters.clinker ratio: \"clinker ratio\" is not a valid parameter name (letters, digits and "
        "_, not starting with a digit)");
  CHECK(ErrorOf({Def("a", "1", 1), Def("b", "2", 2), Def("a", "3", 3)}) ==
        "product.yaml:3:3: parameters.a: parameter \"a\" is defined twice");
}

TEST_CASE("parameters: syntax errors and non-finite values") {
  CHECK(ErrorOf({Def("a", "80 * (2", 5)}) == "product.yaml:5:3: parameters.a: cannot evaluate \"80 * (2\": Missing parenthesis");
  CHECK(ErrorOf({Def("a", "1 / 0", 5)}) == "product.yaml:5:3: parameters.a: \"1 / 0\" evaluates to infinity (e.g. a division by zero or an overflow): a result must be a finite number");
  CHECK(ErrorOf({Def("a", "sqrt(-1)", 5)}) == "product.yaml:5:3: parameters.a: \"sqrt(-1)\" evaluates to NaN (not a number, e.g. 0/0 or the root or logarithm of a negative value): a result must be a finite number");
  CHECK(ErrorOf({Def("z", "0", 1), Def("a", "ln(z)", 5)}) ==
        "product.yaml:5:3: parameters.a: \"ln(z)\" evaluates to minus infinity (e.g. a division by zero or an overflow): a result must be a finite number");
  CHECK_THROWS_AS(Evaluate({Def("a", "", 5)}), pcf::Error);
  CHECK_THROWS_AS(Evaluate({Def("a", "2 *", 5)}), pcf::Error);
  CHECK_THROWS_AS(Evaluate({Def("a", "foo(2)", 5)}), pcf::Error);
}
