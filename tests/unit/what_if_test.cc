// The what-if options parsed by the engine (docs/sensitivity.md): --set NAME=VALUE, --delta, --scenario, and
// ApplyParameterOverrides on parameter definitions.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "engine/calc/comparison.h"
#include "engine/calc/sensitivity.h"
#include "engine/core/error.h"
#include "engine/core/parameter_overrides.h"
#include "engine/model/product.h"

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

TEST_CASE("what-if: a product file parsed once gives, for any overrides, what reading it again gives") {
  // The cement example (repository root = the test data folder's grandparent): parameters feed amounts.
  const std::string path = (std::filesystem::path(PCF_TEST_DATA).parent_path().parent_path() / "examples/cement/po425-cement.yaml").string();
  const ProductFileSource source(path, Limits());
  const ProductFile plain = ReadProductFile(path, Limits());
  REQUIRE(!plain.parameter_definitions.empty());
  const std::string name = plain.parameter_definitions.front().name;
  const double changed_value = plain.parameters.at(name) * 1.1;
  for (const ParameterOverrides& overrides : {ParameterOverrides{}, ParameterOverrides{{name, changed_value}}}) {
    const ProductFile once = source.Read(overrides);
    const ProductFile again = ReadProductFile(path, Limits(), overrides);
    CHECK(once.parameters == again.parameters);
    CHECK(once.sha256 == again.sha256);
    REQUIRE(once.processes.size() == again.processes.size());
    for (std::size_t p = 0; p < once.processes.size(); ++p) {
      REQUIRE(once.processes[p].inputs.size() == again.processes[p].inputs.size());
      for (std::size_t i = 0; i < once.processes[p].inputs.size(); ++i)
        CHECK(once.processes[p].inputs[i].quantity.amount == again.processes[p].inputs[i].quantity.amount);
    }
  }
  CHECK(source.Read({{name, changed_value}}).parameters.at(name) == changed_value);
  // The same refusal as a fresh read.
  CHECK(UsageMessage([&] { source.Read({{"no_such_parameter", 1}}); }) ==
        UsageMessage([&] { ReadProductFile(path, Limits(), {{"no_such_parameter", 1}}); }));
  CHECK_FALSE(UsageMessage([&] { source.Read({{"no_such_parameter", 1}}); }).empty());
}
