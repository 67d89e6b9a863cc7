// The what-if options parsed by the engine (docs/sensitivity.md): --set NAME=VALUE, --delta, --scenario, and
// ApplyParameterOverrides on parameter definitions.
#include <doctest/doctest.h>

#include <string>

#include "engine/calc/comparison.h"
#include "engine/calc/sensitivity.h"
#include "engine/core/error.h"
#include "engine/core/parameter_overrides.h"

using namespace pcf;

namespace {

// The message of the Error(kUsage) `f` throws ("" when it throws none or another kind).
template <class F>
std::string UsageMessage(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind() == ErrorKind::kUsage ? e.ToString() : "";
  }
  return "";
}

}  // namespace

TEST_CASE("what-if: --set settings are parsed exactly, and refused by name") {
  const ParameterOverrides o = ParseParameterOverrides({"a=0.1", " b = -2e3 "}, "--set");
  CHECK(o.at("a") == 0.1);
  CHECK(o.at("b") == -2000);
  CHECK(UsageMessage([] { ParseParameterOverrides({"a=1", "a=2"}, "--set"); }) == "--set: parameter \"a\" is set twice");
  CHECK(UsageMessage([] { ParseParameterOverrides({"a=inf"}, "--set"); }).find("\"inf\" is not a number") != std::string::npos);
  CHECK(UsageMessage([] { ParseParameterOverrides({"=1"}, "--set"); }).find("is not a parameter name") != std::string::npos);
}

TEST_CASE("what-if: overrides replace the definitions' text, and an unknown name gets the closest one") {
  std::vector<ParameterDefinition> definitions = {{"ratio", "0.8", {"p.yaml", 3, 10, "parameters.ratio"}},
                                                  {"twice", "2 * ratio", {"p.yaml", 4, 10, "parameters.twice"}}};
  ApplyParameterOverrides(&definitions, {{"ratio", 0.7}}, "p.yaml");
  CHECK(definitions[0].text == "0.7");
  CHECK(EvaluateParameters(definitions).at("twice") == 2 * 0.7);
  CHECK(UsageMessage([&] { ApplyParameterOverrides(&definitions, {{"rato", 1}}, "p.yaml"); }) ==
        "p.yaml: --set: the product file has no parameter \"rato\" (did you mean \"ratio\"?)");
}

TEST_CASE("what-if: --delta is a percentage or a fraction strictly between 0 and 1") {
  CHECK(ParseRelativeChange("10%") == 0.1);
  CHECK(ParseRelativeChange("0.25") == 0.25);
  CHECK(ParseRelativeChange(" 5 % ") == 0.05);
  for (const char* bad : {"0", "1", "100%", "150%", "-0.1", "x", "%"})
    CHECK_MESSAGE(!UsageMessage([&] { ParseRelativeChange(bad); }).empty(), bad);
}

TEST_CASE("what-if: --scenario NAME:KEY=VALUE,KEY=VALUE") {
  const ComparisonCase c = ParseScenario("low clinker:clinker_ratio=0.7,kiln=3", "p.yaml");
  CHECK(c.label == "low clinker");
  CHECK(c.product_path == "p.yaml");
  CHECK(c.overrides.at("clinker_ratio") == 0.7);
  CHECK(c.overrides.at("kiln") == 3);
  CHECK(!UsageMessage([] { ParseScenario(":a=1", "p.yaml"); }).empty());
  CHECK(!UsageMessage([] { ParseScenario("a=1", "p.yaml"); }).empty());
}
