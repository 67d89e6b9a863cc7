// Interrupts and --resume (issue 12 Deliver 7, docs/scaling.md "Interrupts and --resume"): SIGINT or SIGTERM
// to a running `pcf batch` stops it taking new inputs, leaves no temporary file, writes the summary of what
// finished marked interrupted and exits 130; `--resume` then keeps the results made from unchanged product
// files and calculates the rest. The summary columns of issue 12 are checked against the inputs.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/sha256.h"

namespace fs = std::filesystem;
using pcf::test::Contains;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

fs::path Repo() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }

using Row = std::map<std::string, std::string>;

// summary.csv as rows keyed by column name, in file order.
std::vector<Row> SummaryRows(const fs::path& file) {
  const auto records = pcf::ParseCsv(ReadText(file), file.string());
  REQUIRE(!records.empty());
  std::vector<Row> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    Row row;
    for (std::size_t c = 0; c < records[0].fields.size(); ++c) row[records[0].fields[c]] = records[r].fields.at(c);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::size_t ResultFiles(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".result.json") != std::string::npos) ++n;
  return n;
}

bool TemporariesLeft(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp") != std::string::npos) return true;
  return false;
}

// `count` copies of the cement example in `in`, named p1000.yaml, p1001.yaml, …
void CopyInputs(const fs::path& in, int count) {
  fs::create_directories(in);
  for (int i = 0; i < count; ++i) {
    const std::string name = fmt::format("p{}.yaml", 1000 + i);
    fs::copy_file(Repo() / "examples/cement/po425-cement.yaml", in / name);
  }
}

ino_t Inode(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_ino;
}

// Runs a batch of `count` copies of the cement example and sends `signal` once two results exist (so that
// --resume below always has a result to keep besides the one it edits, however loaded the machine is).
RunResult InterruptedBatch(const fs::path& in, const fs::path& out, const fs::path& capture, int signal_number) {
  const pcf::test::RunningPcf process = pcf::test::StartPcf({"batch", in.string(), "-o", out.string(), "--jobs", "2"}, capture);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && !(fs::exists(out) && ResultFiles(out) >= 2))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ::kill(process.pid, signal_number);
  return pcf::test::FinishPcf(process);
}

}  // namespace

TEST_CASE("batch interrupt: SIGINT stops the batch, the summary is marked interrupted, --resume finishes it") {
  TempDir tmp;
  const fs::path in = tmp / "in", out = tmp / "out";
  const int count = 400;
  CopyInputs(in, count);
  fs::create_directories(tmp / "capture");

  RunResult run = InterruptedBatch(in, out, tmp / "capture", SIGINT);
  CHECK_MESSAGE(run.exit_code == 130, run.err);
  CHECK(Contains(run.err, "interrupted"));
  CHECK_FALSE(TemporariesLeft(out));
  std::vector<Row> rows = SummaryRows(out / "summary.csv");
  REQUIRE(rows.size() == static_cast<std::size_t>(count));
  std::size_t done = 0, not_run = 0;
  for (const Row& row : rows) {
    CHECK(row.at("interrupted") == "yes");
    if (row.at("status") == "ok") {
      ++done;
      CHECK(fs::exists(row.at("output")));
    } else {
      CHECK(row.at("status") == "not_run");
      CHECK(row.at("output").empty());
      ++not_run;
    }
  }
  CHECK(done >= 2);
  CHECK(not_run >= 1);  // stopped before the end
  CHECK(ResultFiles(out) == done);  // every finished result is whole and listed, nothing else

  // Inputs done before the interrupt are kept; one of them is edited and must be calculated again.
  std::map<std::string, ino_t> kept;
  std::string edited;
  for (const Row& row : rows)
    if (row.at("status") == "ok") {
      if (edited.empty()) {
        edited = row.at("file");
        WriteText(edited, ReadText(edited) + "# edited after the first run\n");
      } else {
        kept[row.at("file")] = Inode(row.at("output"));
      }
    }
  REQUIRE(!kept.empty());  // two results existed before the signal; one was edited
  run = RunPcf({"batch", in.string(), "-o", out.string(), "--jobs", "2", "--resume"});
  CHECK_MESSAGE(run.exit_code == 0, run.err);
  CHECK(Contains(run.err, std::to_string(kept.size()) + " kept from an earlier run (--resume)"));
  rows = SummaryRows(out / "summary.csv");
  REQUIRE(rows.size() == static_cast<std::size_t>(count));
  for (const Row& row : rows) {
    CAPTURE(row.at("file"));
    CHECK(row.at("status") == "ok");
    CHECK(row.at("interrupted") == "no");
    CHECK(row.at("input_sha256") == pcf::Sha256Hex(ReadText(row.at("file"))));
    const bool was_kept = kept.count(row.at("file")) > 0;
    CHECK(row.at("resumed") == (was_kept ? "yes" : "no"));
    if (was_kept) CHECK(Inode(row.at("output")) == kept.at(row.at("file")));  // not written again
  }
  CHECK(ResultFiles(out) == static_cast<std::size_t>(count));
  CHECK_FALSE(TemporariesLeft(out));
}

TEST_CASE("batch interrupt: SIGTERM is handled like SIGINT") {
  TempDir tmp;
  const fs::path in = tmp / "in", out = tmp / "out";
  CopyInputs(in, 300);
  fs::create_directories(tmp / "capture");
  const RunResult run = InterruptedBatch(in, out, tmp / "capture", SIGTERM);
  CHECK_MESSAGE(run.exit_code == 130, run.err);
  CHECK_FALSE(TemporariesLeft(out));
  const std::vector<Row> rows = SummaryRows(out / "summary.csv");
  REQUIRE(rows.size() == 300u);
  for (const Row& row : rows) CHECK(row.at("interrupted") == "yes");
}

TEST_CASE("verify interrupt: SIGINT stops the verification, the report marks the rest not_checked, exit 130") {
  TempDir tmp;
  const fs::path result = tmp / "po425.json";
  RunResult run = RunPcf({"calc", (Repo() / "examples/cement/po425-cement.yaml").string(), "-o", result.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const fs::path subs = tmp / "subs";
  fs::create_directories(subs);
  const int count = 1500;  // links to one result: enough work to be interrupted in the middle
  for (int i = 0; i < count; ++i) fs::create_symlink(result, subs / fmt::format("s{}.json", 1000 + i));
  fs::create_directories(tmp / "capture");
  const fs::path report = tmp / "report.json";
  const pcf::test::RunningPcf process =
      pcf::test::StartPcf({"verify", subs.string(), "--jobs", "1", "-o", report.string()}, tmp / "capture");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ::kill(process.pid, SIGINT);
  run = pcf::test::FinishPcf(process);
  CHECK_MESSAGE(run.exit_code == 130, run.err);
  CHECK(Contains(run.err, "interrupted"));
  const nlohmann::json json = nlohmann::json::parse(ReadText(report));
  CHECK(json["summary"]["interrupted"] == true);
  const std::size_t verified = json["summary"]["verified"], not_checked = json["summary"]["not_checked"];
  CHECK(not_checked >= 1);
  CHECK(verified + not_checked == static_cast<std::size_t>(count));  // every file either done or not started
  CHECK_FALSE(TemporariesLeft(tmp.path()));
}

TEST_CASE("batch --resume: other formats use the summary's input hash, a missing or stale result is made again") {
  TempDir tmp;
  const fs::path in = tmp / "in", out = tmp / "out";
  CopyInputs(in, 4);
  RunResult run = RunPcf({"batch", in.string(), "-o", out.string(), "--format", "csv"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const fs::path first = out / "p1000.result.csv", second = out / "p1001.result.csv", third = out / "p1002.result.csv";
  const ino_t kept = Inode(out / "p1003.result.csv");
  fs::remove(first);                                                              // result gone
  WriteText(in / "p1001.yaml", ReadText(in / "p1001.yaml") + "# edited\n");       // input changed
  const ino_t third_before = Inode(third);
  run = RunPcf({"batch", in.string(), "-o", out.string(), "--format", "csv", "--resume"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(Contains(run.err, "2 kept from an earlier run (--resume)"));
  std::map<std::string, std::string> resumed;
  for (const Row& row : SummaryRows(out / "summary.csv")) {
    resumed[fs::path(row.at("file")).filename().string()] = row.at("resumed");
    CHECK(row.at("status") == "ok");
    CHECK(row.at("input_sha256") == pcf::Sha256Hex(ReadText(row.at("file"))));
  }
  CHECK(resumed["p1000.yaml"] == "no");
  CHECK(resumed["p1001.yaml"] == "no");
  CHECK(resumed["p1002.yaml"] == "yes");
  CHECK(resumed["p1003.yaml"] == "yes");
  CHECK(fs::exists(first));
  CHECK(fs::exists(second));
  CHECK(Inode(third) == third_before);
  CHECK(Inode(out / "p1003.result.csv") == kept);
}
