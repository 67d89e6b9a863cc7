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
                                                          "input_sha256", "resumed", "interrupted"});
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
