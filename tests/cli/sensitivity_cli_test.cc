// What-if runs through the binary (docs/sensitivity.md): `pcf calc --set NAME=VALUE` against a separate run of
// the file edited to the same value, its record in the manifest and `pcf verify` of it; `pcf sensitivity`
// elasticities against hand formulas; `pcf compare` differences against separate runs; the refusals. The
// background is the 3-process test database (tests/data/background-mini).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::kExitOk;
using pcf::test::kExitUsage;
using pcf::test::MiniFixture;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

// The test database, built once per test case, and the product files of the case beside it.
struct Work {
  TempDir dir;
  fs::path db = dir / "mini.sqlite";
  Work() {
    const RunResult build = RunPcf({"db", "build", (MiniFixture() / "factors").string(), (MiniFixture() / "data").string(),
                                    "-o", db.string()});
    INFO("stderr: " << build.err);
    REQUIRE(build.exit_code == kExitOk);
  }
  fs::path Write(const std::string& name, const std::string& text) const {
    WriteText(dir / name, text);
    return dir / name;
  }
  RunResult Run(std::vector<std::string> args) const {
    args.push_back("--db");
    args.push_back(db.string());
    return RunPcf(args);
  }
};

const char* const kHeader = R"(pcf: 1
product:
  id: widget
  name: Widget
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
)";

// A widget whose footprint is linear in every amount: direct CO2 (GWP 1) only, one emission a formula of
// the parameter `share`, one from `base` through a derived parameter. total = 10 share + 3 + 2 base.
std::string Widget(const std::string& share = "0.6", const std::string& base = "5") {
  return std::string(kHeader) + "parameters:\n  share: " + share + "\n  base: " + base + "\n  doubled: \"2 * base\"\n" +
         R"(processes:
  - id: make widget
    stage: A3
    outputs:
      - {product: widget, amount: 1, unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: "10 * share", unit: kg}
      - {flow: "CO2, fossil, process", amount: 3, unit: kg}
      - {flow: "CO2, fossil", amount: doubled, unit: kg, stage: A1}
)";
}

json WithoutManifest(json result) {
  result.erase("manifest");
  return result;
}

}  // namespace

TEST_CASE("what-if: calc --set gives the result of the file edited to the same value, recorded and verified") {
  const Work work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path edited = work.Write("edited.yaml", Widget("0.8", "7.5"));
  const fs::path set_out = work.dir / "set.json", edited_out = work.dir / "edited.json";
  const RunResult set = work.Run({"calc", product.string(), "--set", "share=0.8", "--set", "base=7.5", "-o", set_out.string()});
  INFO(set.err);
  REQUIRE(set.exit_code == kExitOk);
  REQUIRE(work.Run({"calc", edited.string(), "-o", edited_out.string()}).exit_code == kExitOk);
  const json a = json::parse(ReadText(set_out)), b = json::parse(ReadText(edited_out));
  CHECK(WithoutManifest(a) == WithoutManifest(b));
  CHECK(a["method"]["total"].get<double>() == doctest::Approx(10 * 0.8 + 3 + 2 * 7.5).epsilon(1e-14));
  CHECK(a["parameters"]["doubled"].get<double>() == 15);  // a parameter computed from an overridden one follows it
  CHECK(a["manifest"]["overrides"] == json{{"base", 7.5}, {"share", 0.8}});
  CHECK_FALSE(b["manifest"].contains("overrides"));
  CHECK(Contains(set.out, "what-if (--set): base = 7.5 share = 0.8"));
  // verify recomputes with the recorded values; another value in the manifest is a mismatch.
  const RunResult verified = work.Run({"verify", set_out.string()});
  INFO(verified.out);
  CHECK(verified.exit_code == kExitOk);
  json tampered = a;
  tampered["manifest"]["overrides"]["share"] = 0.7;
  WriteText(work.dir / "tampered.json", tampered.dump(2));
  const RunResult mismatch = work.Run({"verify", (work.dir / "tampered.json").string()});
  CHECK(mismatch.exit_code != kExitOk);
  CHECK(Contains(mismatch.out, "mismatch"));
}

TEST_CASE("what-if: calc --set refuses an unknown parameter, a bad value, a duplicate and a missing = with nothing written") {
  const Work work;
  const fs::path product = work.Write("widget.yaml", Widget());
  const fs::path out = work.dir / "out.json";
  struct Case {
    std::vector<std::string> set;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"shar=0.7"}, "--set: the product file has no parameter \"shar\" (did you mean \"share\"?)"},
      {{"share=0,7"}, "--set \"share=0,7\": \"0,7\" is not a number"},
      {{"share=nan"}, "\"nan\" is not a number"},
      {{"share=0.7", "share=0.8"}, "--set: parameter \"share\" is set twice"},
      {{"share"}, "--set \"share\": write NAME=VALUE"},
      {{"2x=1"}, "\"2x\" is not a parameter name"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"calc", product.string(), "-o", out.string()};
    for (const std::string& s : c.set) args.insert(args.end(), {"--set", s});
    const RunResult run = work.Run(args);
    INFO(c.message << " / " << run.err);
    CHECK(run.exit_code == kExitUsage);
    CHECK(Contains(run.err, c.message));
    CHECK_FALSE(fs::exists(out));
  }
}
