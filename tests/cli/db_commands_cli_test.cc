// `pcf db build`, `db info`, `db check`, `db search`, `db show`, and `calc` on a built background database,
// through the binary as a user runs them: messages, exit codes, files left behind, $PCF_DB, and a database
// edited after it was built.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::Contains;
using pcf::test::Lines;
using pcf::test::MiniFixture;
using pcf::test::ReadText;
using pcf::test::ReplaceLine;
using pcf::test::RunPcf;
using pcf::test::RunPcfWithEnv;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 3;
constexpr int kExitNotFound = 4;
constexpr int kExitCorruptDatabase = 5;

std::vector<std::string> FileNames(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The value after `key` up to the end of its line in `text`, or "".
std::string ValueAfter(const std::string& text, const std::string& key) {
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  return text.substr(start, text.find('\n', start) - start);
}

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// The hand calculation of docs and tests/unit/background_build_test.cc: scores per kg of test cement.
//   e = (0.8 k + 0.0004 g) / 0.992,   cement = 0.5 k + 0.1 e
double CementScore(double k_co2, double g_ch4) {
  const double e = (0.4 * 2.0 * k_co2 + 0.4 * 0.001 * g_ch4) / (1.0 - 0.4 * 0.02);
  return 0.5 * k_co2 + 0.1 * e;
}

// A copy of the fixture in `work/src` and the database built from it at `work/mini.sqlite`.
struct Built {
  TempDir work;
  fs::path src = work / "src";
  fs::path db = work / "mini.sqlite";
  RunResult build;
  Built() {
    fs::copy(MiniFixture(), src, fs::copy_options::recursive);
    build = RunPcf({"db", "build", (src / "factors").string(), (src / "data").string(), "-o", db.string()});
    INFO("stderr: " << build.err);
    REQUIRE(build.exit_code == kExitOk);
  }
  std::string Hash() const { return ValueAfter(build.err, "content sha256 "); }
};

// Flips the lowest bit of one factor's stored value with the SQLite C API (the content hash no longer matches).
void FlipFactorValueBit(const fs::path& db, const std::string& factor_id) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "SELECT value FROM factors WHERE id = ?", -1, &select, nullptr) == SQLITE_OK);
  sqlite3_bind_text(select, 1, factor_id.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(select) == SQLITE_ROW);
  const double value = sqlite3_column_double(select, 0);
  sqlite3_finalize(select);
  const double flipped = std::bit_cast<double>(std::bit_cast<std::uint64_t>(value) ^ 1u);
  REQUIRE(flipped != value);
  sqlite3_stmt* update = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "UPDATE factors SET value = ? WHERE id = ?", -1, &update, nullptr) == SQLITE_OK);
  sqlite3_bind_double(update, 1, flipped);
  sqlite3_bind_text(update, 2, factor_id.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(update) == SQLITE_DONE);
  sqlite3_finalize(update);
  CHECK(sqlite3_changes(handle) == 1);
  REQUIRE(sqlite3_close(handle) == SQLITE_OK);
}

}  // namespace

TEST_CASE("db build: writes the database, says what it built, exit 0") {
  Built b;
  CHECK(b.build.out.empty());
  INFO("stderr: " << b.build.err);
  const std::string hash = b.Hash();
  CHECK(IsHex64(hash));
  CHECK(b.build.err == "built " + b.db.string() + ": 3 processes, 15 flows, 43 factors, 4 methods; content sha256 " +
                           hash + "\n");
  CHECK(fs::is_regular_file(b.db));
  CHECK(FileNames(b.work.path()) == std::vector<std::string>{"mini.sqlite", "src"});  // no temporary left behind
}

TEST_CASE("db build: the same files twice give the same content hash and the same db info") {
  Built b;
  const fs::path second = b.work / "second.sqlite";
  const RunResult again =
      RunPcf({"db", "build", (b.src / "factors").string(), (b.src / "data").string(), "-o", second.string()});
  REQUIRE(again.exit_code == kExitOk);
  const RunResult info1 = RunPcf({"db", "info", "--db", b.db.string()});
  const RunResult info2 = RunPcf({"db", "info", "--db", second.string()});
  REQUIRE(info1.exit_code == kExitOk);
  REQUIRE(info2.exit_code == kExitOk);
  const std::string hash1 = ValueAfter(info1.out, "content sha256:  ");
  CHECK(IsHex64(hash1));
  CHECK(hash1 == ValueAfter(info2.out, "content sha256:  "));
  CHECK(hash1 == b.Hash());
  CHECK(info1.out == info2.out);

  // A copy of the same files elsewhere: the same content hash (paths are not part of it).
  TempDir elsewhere;
  fs::copy(MiniFixture(), elsewhere / "x", fs::copy_options::recursive);
  const fs::path third = elsewhere / "third.sqlite";
  REQUIRE(RunPcf({"db", "build", (elsewhere / "x" / "factors").string(), (elsewhere / "x" / "data").string(), "-o",
                  third.string()})
              .exit_code == kExitOk);
  CHECK(ValueAfter(RunPcf({"db", "info", "--db", third.string()}).out, "content sha256:  ") == hash1);
}

TEST_CASE("db build: a failed build names file and line, writes nothing, leaves an existing database untouched") {
  Built b;
  const std::string before = ReadText(b.db);
  REQUIRE(!before.empty());
  // Bad indentation on line 22 of data/mini.yaml.
  ReplaceLine("data/mini.yaml", 22, "    unit: kg", "  unit: kg")(b.src);
  const fs::path yaml = b.src / "data" / "mini.yaml";

  SUBCASE("a new output path") {
    const fs::path out_dir = b.work / "out";
    fs::create_directories(out_dir);
    const fs::path db = out_dir / "new.sqlite";
    const RunResult r = RunPcf({"db", "build", (b.src / "factors").string(), (b.src / "data").string(), "-o", db.string()});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == kExitBadInput);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("pcf: error: " + yaml.string() + ":22:", 0) == 0);
    CHECK(Contains(r.err, "malformed YAML: "));
    CHECK(r.err.find('\n') == r.err.size() - 1);
    CHECK(FileNames(out_dir).empty());
  }
  SUBCASE("over an existing database") {
    const RunResult r =
        RunPcf({"db", "build", (b.src / "factors").string(), (b.src / "data").string(), "-o", b.db.string()});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == kExitBadInput);
    CHECK(r.err.rfind("pcf: error: " + yaml.string() + ":22:", 0) == 0);
    CHECK(ReadText(b.db) == before);
    CHECK(FileNames(b.work.path()) == std::vector<std::string>{"mini.sqlite", "src"});
  }
  SUBCASE("an unknown product: did-you-mean on stderr") {
    ReplaceLine("data/mini.yaml", 22, "  unit: kg", "    unit: kg")(b.src);
    ReplaceLine("data/mini.yaml", 47, "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}",
                "      - {product: test electrcity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}")(b.src);
    const RunResult r =
        RunPcf({"db", "build", (b.src / "factors").string(), (b.src / "data").string(), "-o", b.db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CHECK(r.err.rfind("pcf: error: " + yaml.string() + ":47:", 0) == 0);
    CHECK(Contains(r.err, "processes[2].inputs[0].product: no process produces \"test electrcity\" (did you mean "
                          "\"test electricity\"?)\n"));
    CHECK(ReadText(b.db) == before);
  }
  SUBCASE("a missing data folder") {
    const RunResult r = RunPcf({"db", "build", (b.src / "factors").string(), (b.work / "nowhere").string(), "-o",
                                b.db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CHECK(r.err == "pcf: error: " + (b.work / "nowhere").string() + ": folder not found\n");
    CHECK(ReadText(b.db) == before);
  }
}

TEST_CASE("db build: -o is required") {
  const RunResult r = RunPcf({"db", "build", "factors", "data"});
  CHECK(r.exit_code == 2);
}

TEST_CASE("db info: name, content hash, counts, methods with the default, factors by confidence") {
  Built b;
  const RunResult r = RunPcf({"db", "info", "--db", b.db.string()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == kExitOk);
  CHECK(r.err.empty());
  const std::string& out = r.out;
  CHECK(out.rfind("name:            pcf Hubei background database\n", 0) == 0);
  CHECK(Contains(out, "data version:    2026.1\n"));
  CHECK(Contains(out, "content sha256:  " + b.Hash() + "\n"));
  CHECK(Contains(out, "built from:      " + (b.src / "factors").string() + " + " + (b.src / "data").string() + "\n"));
  CHECK(Contains(out, "products:        3\nprocesses:       3\nelementary flows: 15\nindicators:      4\n"));
  CHECK(Contains(out, "matrix entries:  A 6, B 3, C 47\n"));
  CHECK(Contains(out, "methods:\n  GWP100-AR6 (default) — "));
  for (const char* method : {"GWP100-AR5", "GWP100-AR4", "CO2-ETS"}) {
    CHECK(Contains(out, std::string("\n  ") + method + " — "));
    CHECK_FALSE(Contains(out, std::string(method) + " (default)"));
  }
  CHECK(Contains(out, "CO2-ETS — Fossil CO2 only, as counted by the Chinese ETS accounting guidelines [kg CO2e]\n"));
  // 6 factors of mini.csv (1 unconfirmed, 1 derived, 4 secondary) and 36 GWP records (3 methods × 12 gases;
  // the 6 biogenic ones derived).
  CHECK(Contains(out, "factors:         43 ("));
  CHECK(Contains(out, "\n  derived      7\n  secondary    35\n  unconfirmed  1\n"));
  CHECK(Contains(out, "processes by category:\n  cement                     1\n  electricity                1\n"
                      "  fuel                       1\n"));
  CHECK(Contains(out, "plausibility ranges: 1\n"));
}

TEST_CASE("db check: 6 checks pass on the fixture, a violated plausibility range fails") {
  SUBCASE("the fixture") {
    Built b;
    const RunResult r = RunPcf({"db", "check", "--db", b.db.string()});
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == kExitOk);
    CHECK(r.err.empty());
    const std::vector<std::string> lines = Lines(r.out);
    REQUIRE(lines.size() == 7);
    for (std::size_t k = 0; k + 1 < lines.size(); ++k) CHECK_MESSAGE(lines[k].rfind("ok    ", 0) == 0, lines[k]);
    CHECK(lines[0] == "ok    sqlite integrity: ok");
    CHECK(lines[2].rfind("ok    every process solvable: 3 processes, ", 0) == 0);
    CHECK(lines[5].rfind("ok    plausibility: test cement: GWP100-AR6 = 0.58", 0) == 0);
    CHECK(Contains(lines[5], " kg CO2e per kg, published range 0.5 … 0.7"));
    CHECK(lines[6] == "6 checks, 0 failed");
  }
  SUBCASE("a range that excludes the value") {
    TempDir work;
    fs::copy(MiniFixture(), work / "src", fs::copy_options::recursive);
    ReplaceLine("data/mini.yaml", 51,
                "  - {product: test cement, indicator: GWP100-AR6, min: 0.5, max: 0.7, source: [MINI-CEM-CO2], "
                "comment: test range}",
                "  - {product: test cement, indicator: GWP100-AR6, min: 0.6, max: 0.7, source: [MINI-CEM-CO2], "
                "comment: test range}")(work / "src");
    const fs::path db = work / "mini.sqlite";
    REQUIRE(RunPcf({"db", "build", (work / "src" / "factors").string(), (work / "src" / "data").string(), "-o",
                    db.string()})
                .exit_code == kExitOk);
    const RunResult r = RunPcf({"db", "check", "--db", db.string()});
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == kExitCorruptDatabase);
    CHECK(Contains(r.out, "\nFAIL  plausibility: test cement: GWP100-AR6 = 0.58"));
    CHECK(Contains(r.out, "published range 0.6 … 0.7\n"));
    CHECK(Contains(r.out, "\n6 checks, 1 failed\n"));
    CHECK(r.err == "pcf: error: " + db.string() + ": 1 of 6 checks failed\n");
  }
}

TEST_CASE("db search: Chinese names, several words (all must match), and no match") {
  Built b;
  SUBCASE("水泥") {
    const RunResult r = RunPcf({"db", "search", "水泥", "--db", b.db.string()});
    CHECK(r.exit_code == kExitOk);
    CHECK(r.out == "test cement\tkg\tTest cement\t测试水泥\n");
  }
  SUBCASE("electricity test: only the electricity (the mine and cement lack \"electricity\")") {
    const RunResult r = RunPcf({"db", "search", "electricity", "test", "--db", b.db.string()});
    CHECK(r.exit_code == kExitOk);
    CHECK(r.out == "test electricity\tkWh\tTest electricity from coal\t测试电力\n");
  }
  SUBCASE("one argument with two words, in capitals") {
    const RunResult r = RunPcf({"db", "search", "COAL Mine", "--db", b.db.string()});
    CHECK(r.exit_code == kExitOk);
    CHECK(r.out == "test coal mine\tkg\tTest coal, at mine\t测试原煤\n");
  }
  SUBCASE("test: all three, in index order") {
    const RunResult r = RunPcf({"db", "search", "test", "--db", b.db.string()});
    CHECK(r.exit_code == kExitOk);
    CHECK(Lines(r.out).size() == 3);
    CHECK(r.out.rfind("test electricity\t", 0) == 0);
  }
  SUBCASE("nothing-matches") {
    const RunResult r = RunPcf({"db", "search", "nothing-matches", "--db", b.db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CHECK(r.out.empty());
    CHECK(r.err == "pcf: error: no process matches \"nothing-matches\"\n");
  }
}

TEST_CASE("db show: exchanges with their factor ids and the sources, a near miss gets a did-you-mean") {
  Built b;
  SUBCASE("test coal mine") {
    const RunResult r = RunPcf({"db", "show", "test coal mine", "--db", b.db.string()});
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == kExitOk);
    const std::string& out = r.out;
    CHECK(out.rfind("test coal mine\n  name:     Test coal, at mine\n  名称:     测试原煤\n", 0) == 0);
    CHECK(Contains(out, "  category: fuel\n"));
    CHECK(Contains(out, "  defined in " + (b.src / "data" / "mini.yaml").string() + ":18\n"));
    CHECK(Contains(out, "Technosphere (products; outputs +, inputs −)\n"));
    // Amounts right-aligned in 14 columns after a 2-space indent; the reference output has no source.
    CHECK(Contains(out, "\n           -0.02 kWh    test electricity   [MINI-MINE-EL]\n"));
    CHECK(Contains(out, "\n               1 kg     test coal\n"));
    CHECK(Contains(out, "\nElementary flows\n           0.001 kg     CH4, fossil (air)   [MINI-MINE-CH4]\nSources\n"));
    const std::size_t sources = out.find("\nSources\n");
    REQUIRE(sources != std::string::npos);
    const std::string tail = out.substr(sources);
    CHECK(Contains(tail, "  MINI-MINE-CH4 = 0.001 kg/kg (secondary, CN, gate-to-gate, 2023): test fixture (hand-made numbers)\n"));
    CHECK(Contains(tail, "  MINI-MINE-EL = 0.02 kWh/kg (secondary, CN, gate-to-gate, 2023): test fixture (hand-made numbers)\n"));
    CHECK_FALSE(Contains(tail, "GWP-"));  // characterization factors are not exchanges of the process
  }
  SUBCASE("test cement: the source list of a plain number") {
    const RunResult r = RunPcf({"db", "show", "test cement", "--db", b.db.string()});
    REQUIRE(r.exit_code == kExitOk);
    CHECK(Contains(r.out, "\n            -0.1 kWh    test electricity   [MINI-CEM-EL]\n"));
    CHECK(Contains(r.out, "  comment: electricity and process CO2 only\n"));
  }
  SUBCASE("test coal min") {
    const RunResult r = RunPcf({"db", "show", "test coal min", "--db", b.db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "pcf: error: no process \"test coal min\" (did you mean \"test coal mine\"?); try `pcf db search`\n");
  }
  SUBCASE("a product id is not a process id (too far from \"test coal mine\" for a hint)") {
    const RunResult r = RunPcf({"db", "show", "test coal", "--db", b.db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CHECK(r.err == "pcf: error: no process \"test coal\"; try `pcf db search`\n");
  }
}

TEST_CASE("calc on the built database: 1000 kg of test cement") {
  Built b;
  const fs::path demand = b.work / "demand.csv";
  WriteText(demand, "product_id,amount\ntest cement,1000\n");
  const RunResult r = RunPcf({"calc", "--db", b.db.string(), "--demand", demand.string()});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == kExitOk);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  struct Method {
    const char* id;
    double k, g;
  };
  const Method methods[] = {{"GWP100-AR6", 1, 29.8}, {"GWP100-AR5", 1, 30}, {"GWP100-AR4", 1, 25}, {"CO2-ETS", 1, 0}};
  REQUIRE(j["impacts"].size() == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    INFO(methods[k].id);
    CHECK(j["impacts"][k]["indicator"] == methods[k].id);
    CHECK(j["impacts"][k]["unit"] == "kg CO2e");
    const double total = j["impacts"][k]["total"].get<double>();
    const double expected = 1000 * CementScore(methods[k].k, methods[k].g);
    CHECK_MESSAGE(std::abs(total - expected) <= 1e-12 * expected, total, " vs ", expected);
  }
  CHECK(j["manifest"]["db_sha256"] == b.Hash());
  CHECK(j["manifest"]["db_path"] == b.db.string());
}

TEST_CASE("PCF_DB: used when --db is not given, --db wins over it") {
  Built b;
  const RunResult with_flag = RunPcf({"db", "info", "--db", b.db.string()});
  REQUIRE(with_flag.exit_code == kExitOk);
  const RunResult from_env = RunPcfWithEnv("PCF_DB", b.db.string(), {"db", "info"});
  CHECK(from_env.exit_code == kExitOk);
  CHECK(from_env.out == with_flag.out);

  const fs::path missing = b.work / "missing.sqlite";
  const RunResult wins = RunPcfWithEnv("PCF_DB", missing.string(), {"db", "info", "--db", b.db.string()});
  CHECK(wins.exit_code == kExitOk);
  CHECK(wins.out == with_flag.out);
  const RunResult not_there = RunPcfWithEnv("PCF_DB", missing.string(), {"db", "info"});
  CHECK(not_there.exit_code == kExitNotFound);
  CHECK(Contains(not_there.err, missing.string()));
  CHECK_FALSE(fs::exists(missing));

  const fs::path demand = b.work / "demand.csv";
  WriteText(demand, "product_id,amount\ntest cement,1\n");
  CHECK(RunPcfWithEnv("PCF_DB", b.db.string(), {"calc", "--demand", demand.string()}).exit_code == kExitOk);
  CHECK(RunPcfWithEnv("PCF_DB", b.db.string(), {"db", "search", "水泥"}).out == "test cement\tkg\tTest cement\t测试水泥\n");
}

TEST_CASE("a built database changed afterwards (one bit of a factor value): info, check, calc exit 5") {
  Built b;
  const fs::path demand = b.work / "demand.csv";
  WriteText(demand, "product_id,amount\ntest cement,1000\n");
  FlipFactorValueBit(b.db, "MINI-CEM-EL");
  const std::vector<std::vector<std::string>> commands = {
      {"db", "info", "--db", b.db.string()},
      {"db", "check", "--db", b.db.string()},
      {"calc", "--db", b.db.string(), "--demand", demand.string()},
      {"db", "search", "水泥", "--db", b.db.string()},
      {"db", "show", "test cement", "--db", b.db.string()},
  };
  for (const auto& args : commands) {
    const RunResult r = RunPcf(args);
    INFO(args[0] << " " << args[1] << ": " << r.err);
    CHECK(r.exit_code == kExitCorruptDatabase);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("pcf: error: " + b.db.string() + ": content hash mismatch: recorded " + b.Hash() + ", computed ",
                      0) == 0);
  }
}
