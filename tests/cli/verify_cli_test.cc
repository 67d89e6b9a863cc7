// pcf verify (issue 7): a result recomputed from its inputs verifies; an edited figure, an edited input,
// another database and a missing input are each reported with their status and exit code; a folder of
// mixed submissions gives the counts and the highest code; PACT footprints verify with their product
// file; the tolerance is --rtol.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/board_submission.h"
#include "cli/cli_harness.h"
#include "engine/core/sha256.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::WriteBatchSubmission;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteBoardWithSupplier;
using pcf::test::WriteText;

namespace {

// A copy of the cement example in `dir` and its `pcf calc` result beside it.
struct Submission {
  fs::path yaml, result;
};

Submission CalcCement(const fs::path& dir) {
  fs::create_directories(dir);
  Submission s{dir / "po425-cement.yaml", dir / "po425-cement.result.json"};
  fs::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", s.yaml, fs::copy_options::overwrite_existing);
  const RunResult run = RunPcf({"calc", s.yaml.string(), "-o", s.result.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return s;
}

json ReadJson(const fs::path& file) { return json::parse(ReadText(file)); }
void WriteJson(const fs::path& file, const json& value) { WriteText(file, value.dump(2)); }

RunResult Verify(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"verify"};
  all.insert(all.end(), args.begin(), args.end());
  return RunPcf(all);
}

// The one inventory entry with the largest amount: an edit of it must be noticed.
std::size_t LargestInventory(const json& result) {
  std::size_t best = 0;
  for (std::size_t k = 0; k < result["inventory"].size(); ++k)
    if (std::fabs(result["inventory"][k]["amount"].get<double>()) > std::fabs(result["inventory"][best]["amount"].get<double>())) best = k;
  return best;
}

}  // namespace

TEST_CASE("verify: an untouched result is verified, edited figures are mismatches naming them") {
  TempDir tmp;
  const Submission s = CalcCement(tmp / "a");
  const RunResult ok = Verify({s.result.string()});
  CHECK_MESSAGE(ok.exit_code == 0, (ok.out + ok.err));
  CHECK(Contains(ok.out, "verified"));
  CHECK(Contains(ok.out, s.result.string()));
  CHECK(Contains(ok.out, "1 verified"));

  const json original = ReadJson(s.result);
  const double total = original["method"]["total"].get<double>();
  REQUIRE(total > 0);

  SUBCASE("method total") {
    json edited = original;
    edited["method"]["total"] = total * 1.01;
    WriteJson(s.result, edited);
    const RunResult r = Verify({s.result.string()});
    CHECK(r.exit_code == 10);
    CHECK(Contains(r.out, "mismatch"));
    CHECK(Contains(r.out, "method.total"));
    CHECK(Contains(r.out, "claimed"));
    CHECK(Contains(r.out, "recomputed"));
  }
  SUBCASE("one stage") {
    json edited = original;
    REQUIRE(!edited["stages"].empty());
    const std::string stage = edited["stages"][0]["stage"].get<std::string>();
    edited["stages"][0]["total"] = edited["stages"][0]["total"].get<double>() * 1.01 + 1;
    WriteJson(s.result, edited);
    const RunResult r = Verify({s.result.string()});
    CHECK(r.exit_code == 10);
    CHECK_MESSAGE(Contains(r.out, "stages[" + stage + "].total"), r.out);
  }
  SUBCASE("an inventory amount") {
    json edited = original;
    const std::size_t k = LargestInventory(edited);
    const std::string flow = edited["inventory"][k]["flow"].get<std::string>();
    edited["inventory"][k]["amount"] = edited["inventory"][k]["amount"].get<double>() * 0.99;
    WriteJson(s.result, edited);
    const RunResult r = Verify({s.result.string(), "--format", "json"});
    CHECK(r.exit_code == 10);
    const json report = json::parse(r.out);
    REQUIRE(report["submissions"].size() == 1);
    const json& entry = report["submissions"][0];
    CHECK(entry["status"] == "mismatch");
    REQUIRE(entry["differences"].size() == 1);
    CHECK(entry["differences"][0]["figure"] == "inventory[" + flow + "].amount");
    CHECK(entry["differences"][0]["claimed"].get<double>() == edited["inventory"][k]["amount"].get<double>());
    CHECK(entry["differences"][0]["recomputed"].get<double>() == original["inventory"][k]["amount"].get<double>());
    CHECK(entry["figures_compared"].get<std::size_t>() > 100);
    CHECK(report["summary"]["mismatch"] == 1);
    CHECK(report["summary"]["verified"] == 0);
  }
  SUBCASE("rtol: an edit of 1e-12 relative passes at 1e-9 and fails at 1e-15") {
    json edited = original;
    edited["method"]["total"] = total * (1 + 1e-12);
    REQUIRE(edited["method"]["total"].get<double>() != total);
    WriteJson(s.result, edited);
    CHECK(Verify({s.result.string()}).exit_code == 0);
    const RunResult strict = Verify({s.result.string(), "--rtol", "1e-15"});
    CHECK(strict.exit_code == 10);
    CHECK(Contains(strict.out, "method.total"));
  }
}

TEST_CASE("verify: an edited input, another database, a missing input") {
  TempDir tmp;
  SUBCASE("a parameter changed in the product file: inputs changed, naming the file") {
    const Submission s = CalcCement(tmp / "input");
    std::string yaml = ReadText(s.yaml);
    const std::size_t at = yaml.find("kiln_kwh: 52");
    REQUIRE(at != std::string::npos);
    yaml.replace(at, 12, "kiln_kwh: 53");
    WriteText(s.yaml, yaml);
    const RunResult r = Verify({s.result.string()});
    CHECK(r.exit_code == 11);
    CHECK(Contains(r.out, "inputs_changed"));
    CHECK(Contains(r.out, s.yaml.string()));
  }
  SUBCASE("another database: database differs") {
    const Submission s = CalcCement(tmp / "db");
    fs::copy(SourceDir() / "factors", tmp / "factors");
    fs::copy(SourceDir() / "data", tmp / "data");
    const fs::path csv = tmp / "factors" / "process-energy.csv";
    std::string factors = ReadText(csv);
    const std::size_t at = factors.find(",0.0454,");
    REQUIRE(at != std::string::npos);
    factors.replace(at, 8, ",0.0460,");
    WriteText(csv, factors);
    const fs::path other = tmp / "other.sqlite";
    const RunResult build = RunPcf({"db", "build", (tmp / "factors").string(), (tmp / "data").string(), "-o", other.string()});
    REQUIRE_MESSAGE(build.exit_code == 0, build.err);
    const RunResult r = Verify({s.result.string(), "--db", other.string()});
    CHECK(r.exit_code == 12);
    CHECK(Contains(r.out, "database_differs"));
  }
  SUBCASE("the product file is gone: cannot recompute, naming it") {
    const Submission s = CalcCement(tmp / "missing");
    fs::remove(s.yaml);
    const RunResult r = Verify({s.result.string()});
    CHECK(r.exit_code == 13);
    CHECK(Contains(r.out, "cannot_recompute"));
    CHECK(Contains(r.out, s.yaml.string()));
  }
}

TEST_CASE("verify: a folder of mixed submissions gives the counts and the highest exit code") {
  TempDir tmp;
  const Submission s = CalcCement(tmp / "work");
  const fs::path folder = tmp / "submissions";
  fs::create_directories(folder);
  fs::copy_file(s.result, folder / "a-good.json");
  json edited = ReadJson(s.result);
  edited["method"]["total"] = edited["method"]["total"].get<double>() * 2;
  WriteJson(folder / "b-edited.json", edited);
  WriteText(folder / "c-broken.json", "{ this is not JSON");
  WriteText(folder / "notes.txt", "not a submission: not read");

  const RunResult text = Verify({folder.string()});
  CHECK(text.exit_code == 13);
  CHECK(Contains(text.out, "3 files checked"));
  CHECK(Contains(text.out, "1 verified"));
  CHECK(Contains(text.out, "1 mismatch"));
  CHECK(Contains(text.out, "1 cannot_recompute"));

  const RunResult out = Verify({folder.string(), "--format", "json"});
  CHECK(out.exit_code == 13);
  const json report = json::parse(out.out);
  REQUIRE(report["submissions"].size() == 3);
  CHECK(report["submissions"][0]["status"] == "verified");
  CHECK(report["submissions"][1]["status"] == "mismatch");
  CHECK(report["submissions"][2]["status"] == "cannot_recompute");
  CHECK(report["summary"]["verified"] == 1);
  CHECK(report["summary"]["mismatch"] == 1);
  CHECK(report["summary"]["cannot_recompute"] == 1);
  CHECK(report["summary"]["inputs_changed"] == 0);
  CHECK(report["summary"]["exit_code"] == 13);

  // Only good and edited: the highest is the mismatch; the report can go to a file.
  fs::remove(folder / "c-broken.json");
  const fs::path report_file = tmp / "report.json";
  const RunResult two = Verify({folder.string(), "--format", "json", "-o", report_file.string(), "--jobs", "2"});
  CHECK(two.exit_code == 10);
  CHECK(json::parse(ReadText(report_file))["summary"]["mismatch"] == 1);
}

TEST_CASE("verify: a PACT v3 footprint with its product file") {
  TempDir tmp;
  const Submission s = CalcCement(tmp / "pact");
  const fs::path pact = tmp / "pact" / "po425-cement.pact-v3.json";
  const RunResult calc = RunPcf({"calc", s.yaml.string(), "--format", "pact-v3", "-o", pact.string()});
  REQUIRE_MESSAGE(calc.exit_code == 0, calc.err);

  const RunResult without = Verify({pact.string()});
  CHECK(without.exit_code == 13);
  CHECK(Contains(without.out, "needs its product file"));

  const RunResult ok = Verify({pact.string(), "--product", s.yaml.string()});
  CHECK_MESSAGE(ok.exit_code == 0, (ok.out + ok.err));
  CHECK(Contains(ok.out, "verified"));

  json edited = ReadJson(pact);
  const std::string claimed = edited["pcf"]["pcfExcludingBiogenicUptake"].get<std::string>();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", std::stod(claimed) * 1.01);
  edited["pcf"]["pcfExcludingBiogenicUptake"] = std::string(buffer);
  WriteJson(pact, edited);
  const RunResult bad = Verify({pact.string(), "--product", s.yaml.string()});
  CHECK(bad.exit_code == 10);
  CHECK(Contains(bad.out, "pcf.pcfExcludingBiogenicUptake"));
}

TEST_CASE("verify: usage errors") {
  CHECK(Verify({}).exit_code == 2);
  CHECK(Verify({"x.json", "--format", "xml"}).exit_code == 2);
  CHECK(Verify({"x.json", "--today", "tomorrow"}).exit_code == 2);
}

TEST_CASE("verify: a submission folder moved elsewhere, with a supplier footprint, still verifies") {
  TempDir tmp;
  const fs::path before = tmp / "before", after = tmp / "after";
  WriteBoardWithSupplier(before);
  const RunResult calc = RunPcf({"calc", (before / "p.yaml").string(), "-o", (before / "p.result.json").string()});
  REQUIRE_MESSAGE(calc.exit_code == 0, calc.err);
  fs::rename(before, after);
  const RunResult ok = Verify({(after / "p.result.json").string()});
  CHECK_MESSAGE(ok.exit_code == 0, ok.out);

  WriteText(after / "v2.json", ReadText(after / "v2.json").replace(ReadText(after / "v2.json").find("1.25"), 4, "1.30"));
  const RunResult changed = Verify({(after / "p.result.json").string()});
  CHECK(changed.exit_code == 11);
  CHECK(Contains(changed.out, "v2.json"));

  fs::remove(after / "v2.json");
  const RunResult missing = Verify({(after / "p.result.json").string()});
  CHECK(missing.exit_code == 13);
  CHECK(Contains(missing.out, "v2.json"));
}

TEST_CASE("verify: a batch output folder moved elsewhere, with its inputs beside it, still verifies") {
  TempDir tmp;
  const fs::path before = tmp / "before", after = tmp / "after";
  WriteBatchSubmission(before);
  // The manifest records each input relative to the result file, with its hash.
  const json manifest = json::parse(ReadText(before / "out" / "p.result.json"))["manifest"];
  REQUIRE(manifest["inputs"].size() == 2u);
  CHECK(manifest["inputs"][0]["from_result"] == "../in/p.yaml");
  CHECK(manifest["inputs"][1]["from_result"] == "../in/v2.json");
  CHECK(manifest["inputs"][0]["sha256"] == pcf::Sha256Hex(ReadText(before / "in" / "p.yaml")));

  fs::rename(before, after);  // the paths the batch was given no longer exist
  RunResult run = Verify({(after / "out").string()});  // the folder: its *.json files
  CHECK_MESSAGE(run.exit_code == 0, run.out);
  CHECK(Contains(run.out, "2 files checked: 2 verified"));

  // A copy whose product file was edited is caught, naming the file where it is now.
  const fs::path copy = tmp / "copy";
  fs::copy(after, copy, fs::copy_options::recursive);
  WriteText(copy / "in" / "p.yaml", ReadText(copy / "in" / "p.yaml") + "# edited\n");
  run = Verify({(copy / "out").string()});
  CHECK(run.exit_code == 11);
  CHECK(Contains(run.out, (copy / "in" / "p.yaml").string()));

  // --resume in the moved folder keeps the cement result, and the board result only while its supplier
  // footprint is unchanged.
  WriteText(after / "in" / "v2.json", ReadText(after / "in" / "v2.json") + " ");
  run = RunPcf({"batch", (after / "in").string(), "-o", (after / "out").string(), "--resume"});
  CHECK_MESSAGE(run.exit_code == 0, run.err);
  CHECK(Contains(run.err, "1 kept from an earlier run (--resume)"));
  const std::string summary = ReadText(after / "out" / "summary.csv");
  CHECK(Contains(summary, "/cement.result.json,1,t,GWP100-AR6,,"));
  CHECK(Contains(summary, ",yes,no,,,,,,,\n"));  // resumed, interrupted, then the empty mc_ columns
  CHECK(Contains(summary, ",no,no,,,,,,,\n"));
}

// calc and verify share one pipeline (engine/run/product_run.h): a result that carries a warning only the
// solver gives (an ill-conditioned loop) is recomputed with that warning and verifies.
TEST_CASE("verify: a result with an ill-conditioned warning verifies (calc and verify share one pipeline)") {
  TempDir tmp;
  const std::string share = "0.999999999999";  // each of two products uses this much of the other per unit made
  const double a = std::stod(share);
  const std::string head =
      "pcf: 1\nproduct:\n  id: loop product\n  name: loop product\n  company: Test Co.\n  geography: CN-HB\n"
      "  system_boundary: cradle-to-gate\n  declared_unit: {amount: 1, unit: t}\n  reference_period: \"2024\"\n"
      "method: GWP100-AR6\nprocesses:\n  - id: maker\n    stage: A3\n    outputs:\n"
      "      - {product: loop product, amount: 1, unit: t}\n    inputs:\n"
      "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: t}\n";
  WriteText(tmp / "loop.yaml", head + "      - {product: helper, amount: " + share + ", unit: t}\n" +
                                      "  - id: helper maker\n    stage: A3\n    outputs:\n" +
                                      "      - {product: helper, amount: 1, unit: t}\n    inputs:\n" +
                                      "      - {product: loop product, amount: " + share + ", unit: t}\n");
  WriteText(tmp / "plain.yaml", head);  // the same maker without the loop: 1 t of limestone
  RunResult run = RunPcf({"calc", (tmp / "loop.yaml").string(), "-o", (tmp / "loop.json").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  run = RunPcf({"calc", (tmp / "plain.yaml").string(), "-o", (tmp / "plain.json").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);

  const json loop = ReadJson(tmp / "loop.json");
  REQUIRE(loop["warnings"].size() == 1u);
  CHECK(loop["warnings"][0]["code"] == "ill-conditioned");
  // s_maker − a·s_helper = 1 and s_helper − a·s_maker = 0: the maker runs 1 / (1 − a²) times.
  const double limestone = ReadJson(tmp / "plain.json")["method"]["total"].get<double>();
  CHECK(loop["method"]["total"].get<double>() == doctest::Approx(limestone / ((1 - a) * (1 + a))).epsilon(1e-3));

  run = Verify({(tmp / "loop.json").string()});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
  CHECK(Contains(run.out, "1 verified"));
}
