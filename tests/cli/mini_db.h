// The CLI tests' small database: built by `pcf db build` from tests/data/background-mini into a temporary
// folder, once per test case, with the product files of the case written beside it.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_harness.h"
#include "support/test_files.h"

namespace pcf::test {

struct MiniDb {
  TempDir work;
  std::filesystem::path db = work / "mini.sqlite";

  MiniDb() {
    const RunResult build = RunPcf({"db", "build", (MiniFixture() / "factors").string(), (MiniFixture() / "data").string(),
                                    "-o", db.string()});
    INFO("stderr: " << build.err);
    REQUIRE(build.exit_code == kExitOk);
  }
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    WriteText(work / name, text);
    return work / name;
  }
  // `pcf calc PRODUCT --db DB more…`
  RunResult Calc(const std::filesystem::path& product, const std::vector<std::string>& more) const {
    std::vector<std::string> args = {"calc", product.string(), "--db", db.string()};
    args.insert(args.end(), more.begin(), more.end());
    return RunPcf(args);
  }
  // `pcf args… --db DB`
  RunResult Run(std::vector<std::string> args) const {
    args.push_back("--db");
    args.push_back(db.string());
    return RunPcf(args);
  }
};

}  // namespace pcf::test
