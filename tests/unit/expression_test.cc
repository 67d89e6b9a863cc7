#include <doctest/doctest.h>

#include <map>

#include "engine/core/expression.h"

namespace {

pcf::ExpressionValue Eval(const std::string& text) {
  static const std::map<std::string, double> kValues = {{"FU-BITU-2013-CC", 26.18}, {"FU-BITU-2013-OF", 0.93},
                                                        {"A B/C·1", 2.0}};
  return pcf::EvaluateExpression(
      text,
      [](const std::string& name) -> std::optional<double> {
        auto it = kValues.find(name);
        if (it == kValues.end()) return std::nullopt;
        return it->second;
      },
      {"data/fuels.yaml", 12, 17, "processes[3].emissions[0].amount"});
}

}  // namespace

TEST_CASE("expression: numbers, operators, precedence and named values") {
  CHECK(Eval("0.25").value == 0.25);
  CHECK(Eval("1 + 2 * 3").value == 7);
  CHECK(Eval("(1 + 2) * 3").value == 9);
  CHECK(Eval("2^10").value == 1024);
  CHECK(Eval("-4 / 8").value == -0.5);
  const auto v = Eval("{FU-BITU-2013-CC} * {FU-BITU-2013-OF} * 44/12 / 1000");
  CHECK(v.value == doctest::Approx(26.18 * 0.93 * 44 / 12 / 1000).epsilon(1e-15));
  CHECK(v.names == std::vector<std::string>{"FU-BITU-2013-CC", "FU-BITU-2013-OF"});
  CHECK(Eval("{A B/C·1} + {A B/C·1}").names.size() == 1);  // names with spaces, slashes, non-ASCII; used once
}

TEST_CASE("expression: errors name the file, line, column and field") {
  CHECK_THROWS_WITH(Eval("{NOPE} * 2"),
                    "data/fuels.yaml:12:17: processes[3].emissions[0].amount: unknown name {NOPE} in \"{NOPE} * 2\"");
  CHECK_THROWS_WITH(Eval("1 / 0"), "data/fuels.yaml:12:17: processes[3].emissions[0].amount: \"1 / 0\" evaluates to infinity (e.g. a division by zero or an overflow): a result must be a finite number");
  CHECK_THROWS_AS(Eval("2 *"), pcf::Error);
  CHECK_THROWS_AS(Eval("{FU-BITU-2013-CC"), pcf::Error);
  CHECK_THROWS_AS(Eval("FU-BITU-2013-CC}"), pcf::Error);
  CHECK_THROWS_AS(Eval("x + 1"), pcf::Error);  // bare names are not allowed: only {NAME}
  try {
    Eval("{NOPE}");
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kNotFound);
  }
}
