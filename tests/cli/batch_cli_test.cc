// pcf batch: a batch with broken files mixed in, sharding, list files, and independence of --jobs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/sha256.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

fs::path Repo() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }

// Copies every example into `dir` and adds broken files; returns the number of good files.
int MakeInputs(const fs::path& dir) {
  fs::create_directories(dir / "sub");
  int good = 0;
  for (const auto& entry : fs::recursive_directory_iterator(Repo() / "examples"))
    if (entry.path().extension() == ".yaml") {
      fs::copy_file(entry.path(), dir / entry.path().filename());
      ++good;
    }
  WriteText(dir / "broken-yaml.yaml", "pcf: 1\nproduct: [oops\n");
  WriteText(dir / "sub" / "broken-unit.yaml", ReadText(Repo() / "examples/cement/po425-cement.yaml"));
  std::string text = ReadText(dir / "sub" / "broken-unit.yaml");
  const std::string from = "amount: kiln_kwh, unit: kWh}";
  text.replace(text.find(from), from.size(), "amount: kiln_kwh, unit: kg}");
  WriteText(dir / "sub" / "broken-unit.yaml", text);
  WriteText(dir / "sub" / "empty.yaml", "");
  return good;
}

std::vector<pcf::CsvRecord> Summary(const fs::path& file) {
  auto records = pcf::ParseCsv(ReadText(file), file.string());
  REQUIRE(!records.empty());
  CHECK(records.front().fields == std::vector<std::string>{"file", "product", "total", "status", "error", "unit", "output",
                                                          "declared_unit_amount", "declared_unit", "method", "error_code",
                                                          "input_sha256", "resumed", "interrupted", "mc_draws", "mc_seed",
                                                          "mc_mean", "mc_sd", "mc_median", "mc_p2_5", "mc_p97_5"});
  records.erase(records.begin());
  return records;
}

}  // namespace

TEST_CASE("batch: broken files are reported and skipped, every good result is written") {
  TempDir tmp;
  const int good = MakeInputs(tmp / "in");
  const auto run = RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "out").string(), "--jobs", "2"});
  CHECK(run.exit_code == 3);  // not every input succeeded
  CHECK(run.err.find("3 failed") != std::string::npos);
  const auto rows = Summary(tmp / "out" / "summary.csv");
  REQUIRE(rows.size() == static_cast<std::size_t>(good + 3));
  int ok = 0;
  for (const auto& r : rows) {
    CHECK(r.fields[12] == "no");  // resumed
    CHECK(r.fields[13] == "no");  // interrupted
    if (r.fields[3] == "ok") {
      ++ok;
      CHECK(fs::exists(r.fields[6]));
      CHECK(!r.fields[2].empty());
      // Declared unit and method as the result says them, the hash of the product file, no error code.
      const nlohmann::json result = nlohmann::json::parse(ReadText(r.fields[6]));
      CHECK(r.fields[1] == result["product"]["id"].get<std::string>());
      CHECK(std::stod(r.fields[7]) == result["product"]["declared_unit"]["amount"].get<double>());
      CHECK(r.fields[8] == result["product"]["declared_unit"]["unit"].get<std::string>());
      CHECK(r.fields[9] == result["method"]["indicator"].get<std::string>());
      CHECK(r.fields[10].empty());
      CHECK(r.fields[11] == pcf::Sha256Hex(ReadText(r.fields[0])));
    } else {
      CHECK(r.fields[3] == "error");
      CHECK(r.fields[4].find(r.fields[0]) != std::string::npos);  // the message names the file
      CHECK(r.fields[10] == "3");  // the exit code `pcf calc` gives for this file (bad input)
      CHECK(RunPcf({"calc", r.fields[0], "-o", (tmp / "single.json").string()}).exit_code == 3);
    }
  }
  CHECK(ok == good);
  // Exactly one result per good input and the summary: no file for a broken input, no temporaries.
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(tmp / "out")) {
    ++files;
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
  CHECK(files == static_cast<std::size_t>(good + 1));
}

TEST_CASE("batch: results do not depend on the number of jobs") {
  TempDir tmp;
  MakeInputs(tmp / "in");
  RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "one").string(), "--jobs", "1"});
  RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "two").string(), "--jobs", "2"});
  for (const auto& entry : fs::directory_iterator(tmp / "one")) {
    if (entry.path().filename() == "summary.csv") continue;
    CHECK_MESSAGE(ReadText(entry.path()) == ReadText(tmp / "two" / entry.path().filename()), entry.path().filename());
  }
}

TEST_CASE("batch: shards are disjoint, cover the batch, and merge into the unsharded summary") {
  TempDir tmp;
  MakeInputs(tmp / "in");
  RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "all").string()});
  const auto all = Summary(tmp / "all" / "summary.csv");
  std::vector<std::vector<std::string>> merged;
  std::set<std::string> seen;
  for (int k = 1; k <= 3; ++k) {
    const std::string shard = std::to_string(k) + "/3";
    RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "shards").string(), "--shard", shard});
    for (const auto& r : Summary(tmp / "shards" / ("summary-" + std::to_string(k) + "-of-3.csv"))) {
      CHECK(seen.insert(r.fields[0]).second);  // disjoint
      merged.push_back(r.fields);
    }
  }
  std::sort(merged.begin(), merged.end());
  REQUIRE(merged.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(merged[i][0] == all[i].fields[0]);
    CHECK(merged[i][2] == all[i].fields[2]);  // the same totals, to the last digit
  }
  CHECK(RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "x").string(), "--shard", "4/3"}).exit_code == 3);
  CHECK(RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "x").string(), "--shard", "two"}).exit_code == 2);
}

TEST_CASE("batch: list files, formats, and missing inputs") {
  TempDir tmp;
  WriteText(tmp / "list.txt", "# submissions\n" + (Repo() / "examples/cement/po425-cement.yaml").string() +
                                  "\n\n" + (Repo() / "examples/glass/float-glass.yaml").string() + "\n");
  const auto run = RunPcf({"batch", (tmp / "list.txt").string(), "-o", (tmp / "out").string(), "--format", "md"});
  CHECK_MESSAGE(run.exit_code == 0, run.err);
  CHECK(fs::exists(tmp / "out" / "po425-cement.report.md"));
  CHECK(fs::exists(tmp / "out" / "float-glass.report.md"));
  WriteText(tmp / "bad-list.txt", "no-such-file.yaml\n");
  const auto missing = RunPcf({"batch", (tmp / "bad-list.txt").string(), "-o", (tmp / "out2").string()});
  CHECK(missing.exit_code == 4);
  CHECK(missing.err.find("bad-list.txt:1") != std::string::npos);
  CHECK(RunPcf({"batch", (tmp / "nothing").string(), "-o", (tmp / "out3").string()}).exit_code == 4);
}

TEST_CASE("batch --mc: each row's statistics are those pcf calc --mc gives for that input, for any number of jobs") {
  TempDir tmp;
  fs::create_directories(tmp / "in");
  for (const char* example : {"cement/po425-cement.yaml", "glass/float-glass.yaml", "gypsum/pg-plasterboard-cutoff.yaml"})
    fs::copy_file(Repo() / "examples" / example, tmp / "in" / fs::path(example).filename());
  const auto one = RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "one").string(), "--jobs", "1", "--mc", "200", "--seed", "7"});
  const auto two = RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "two").string(), "--jobs", "2", "--mc", "200", "--seed", "7"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  REQUIRE_MESSAGE(two.exit_code == 0, two.err);
  std::string two_summary = ReadText(tmp / "two" / "summary.csv");  // the same but for the output folder's name
  for (std::size_t at = two_summary.find("/two/"); at != std::string::npos; at = two_summary.find("/two/", at))
    two_summary.replace(at, 5, "/one/");
  CHECK(ReadText(tmp / "one" / "summary.csv") == two_summary);
  const auto rows = Summary(tmp / "one" / "summary.csv");
  REQUIRE(rows.size() == 3);
  for (const auto& r : rows) {
    CAPTURE(r.fields[0]);
    REQUIRE(r.fields[3] == "ok");
    // The same input on its own through pcf calc: the row carries its uncertainty.total, digit for digit.
    const fs::path alone = tmp / (fs::path(r.fields[0]).stem().string() + ".alone.json");
    const auto calc = RunPcf({"calc", r.fields[0], "--mc", "200", "--seed", "7", "-o", alone.string()});
    REQUIRE_MESSAGE(calc.exit_code == 0, calc.err);
    const nlohmann::json total = nlohmann::json::parse(ReadText(alone))["uncertainty"]["total"];
    CHECK(r.fields[14] == "200");
    CHECK(r.fields[15] == "7");
    CHECK(std::stod(r.fields[16]) == total["mean"].get<double>());
    CHECK(std::stod(r.fields[17]) == total["sd"].get<double>());
    CHECK(std::stod(r.fields[18]) == total["median"].get<double>());
    CHECK(std::stod(r.fields[19]) == total["p2_5"].get<double>());
    CHECK(std::stod(r.fields[20]) == total["p97_5"].get<double>());
    CHECK(total["p2_5"].get<double>() < total["p97_5"].get<double>());  // a real interval, not a point
    // The result file itself is pcf calc's (its uncertainty object included).
    CHECK(nlohmann::json::parse(ReadText(r.fields[6]))["uncertainty"] == nlohmann::json::parse(ReadText(alone))["uncertainty"]);
  }
  // Without --mc the columns are there and empty.
  REQUIRE(RunPcf({"batch", (tmp / "in").string(), "-o", (tmp / "plain").string()}).exit_code == 0);
  for (const auto& r : Summary(tmp / "plain" / "summary.csv"))
    for (std::size_t k = 14; k < 21; ++k) CHECK(r.fields[k].empty());
}

TEST_CASE("batch --mc: refused with --resume, with a format that cannot show it, and --seed without --mc") {
  TempDir tmp;
  fs::create_directories(tmp / "in");
  fs::copy_file(Repo() / "examples/cement/po425-cement.yaml", tmp / "in" / "c.yaml");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--mc", "10", "--resume"}, "--mc and --resume cannot be combined"},
      {{"--mc", "10", "--format", "pact-v3"}, "--mc: the Monte Carlo distribution is written in json, text, md and html"},
      {{"--seed", "3"}, "--seed requires --mc"}};
  for (const auto& [extra, message] : cases) {
    CAPTURE(message);
    std::vector<std::string> args = {"batch", (tmp / "in").string(), "-o", (tmp / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = RunPcf(args);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(message) != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out"));
  }
}
