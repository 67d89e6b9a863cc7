// Complete comparison and the verification record (issue 12): every PACT field pcf derives is compared
// (field x edit -> a mismatch naming the field); text differences list claimed and recomputed values,
// the total first; a certificate re-serialised verifies, a changed signed value does not, another database
// is reported as such; `--report` writes json, md and a bilingual A4 HTML page (rendered in headless
// Chromium when it is installed).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

extern char** environ;

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

fs::path CopyCement(const fs::path& dir) {
  const fs::path yaml = dir / "po425-cement.yaml";
  fs::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", yaml);
  return yaml;
}

}  // namespace

TEST_CASE("verify: every PACT field edit is a mismatch naming the field (field x edit)") {
  TempDir dir;
  const fs::path yaml = CopyCement(dir.path());
  const fs::path pact = dir / "p.pact-v3.json";
  REQUIRE(RunPcf({"calc", yaml.string(), "--format", "pact-v3", "-o", pact.string()}).exit_code == 0);
  const json original = json::parse(ReadText(pact));
  REQUIRE(original["pcf"]["referencePeriodStart"] == "2024-01-01T00:00:00Z");
  REQUIRE(original["pcf"]["geographyCountrySubdivision"] == "CN-HB");
  REQUIRE(original["pcf"]["ipccCharacterizationFactors"] == json::array({"AR6"}));
  REQUIRE(original["pcf"]["packagingEmissionsIncluded"] == false);
  struct Edit {
    const char* field;
    std::function<void(json&)> edit;
    std::string claimed;  // as listed
  };
  const std::vector<Edit> edits = {
      {"pcf.referencePeriodStart", [](json& p) { p["pcf"]["referencePeriodStart"] = "2019-01-01T00:00:00Z"; }, "\"2019-01-01T00:00:00Z\""},
      {"pcf.referencePeriodEnd", [](json& p) { p["pcf"]["referencePeriodEnd"] = "2020-01-01T00:00:00Z"; }, "\"2020-01-01T00:00:00Z\""},
      {"pcf.geographyCountrySubdivision", [](json& p) { p["pcf"]["geographyCountrySubdivision"] = "CN-GD"; }, "\"CN-GD\""},
      {"companyIds[0]", [](json& p) { p["companyIds"][0] = "urn:pcf:company:someone-else"; }, "\"urn:pcf:company:someone-else\""},
      {"productIds[0]", [](json& p) { p["productIds"][0] = "urn:pcf:product:other"; }, "\"urn:pcf:product:other\""},
      {"companyName", [](json& p) { p["companyName"] = "Another Co."; }, "\"Another Co.\""},
      {"pcf.ipccCharacterizationFactors[0]", [](json& p) { p["pcf"]["ipccCharacterizationFactors"][0] = "AR5"; }, "\"AR5\""},
      {"pcf.packagingEmissionsIncluded", [](json& p) { p["pcf"]["packagingEmissionsIncluded"] = true; }, "true"},
      {"pcf.declaredUnitOfMeasurement", [](json& p) { p["pcf"]["declaredUnitOfMeasurement"] = "liter"; }, "\"liter\""},
  };
  for (const Edit& e : edits) {
    CAPTURE(e.field);
    json edited = original;
    e.edit(edited);
    WriteText(pact, edited.dump(2));
    const RunResult r = RunPcf({"verify", pact.string(), "--product", yaml.string(), "--format", "json"});
    CHECK(r.exit_code == 10);
    const json report = json::parse(r.out);
    REQUIRE(report["submissions"].size() == 1);
    const json& differences = report["submissions"][0]["differences"];
    REQUIRE_MESSAGE(differences.size() == 1, differences.dump());
    CHECK(differences[0]["figure"] == e.field);
    CHECK(differences[0]["claimed"].dump() == e.claimed);
    CHECK(differences[0]["recomputed"] != differences[0]["claimed"]);
  }
  {  // the recomputed value is the original; listed in the text report too
    json edited = original;
    edited["pcf"]["referencePeriodStart"] = "2019-01-01T00:00:00Z";
    WriteText(pact, edited.dump(2));
    const RunResult r = RunPcf({"verify", pact.string(), "--product", yaml.string()});
    CHECK(r.exit_code == 10);
    CHECK(Contains(r.out, "pcf.referencePeriodStart: claimed \"2019-01-01T00:00:00Z\", recomputed \"2024-01-01T00:00:00Z\""));
  }
  WriteText(pact, original.dump(2));
  CHECK(RunPcf({"verify", pact.string(), "--product", yaml.string()}).exit_code == 0);
}

TEST_CASE("verify: a pcf result's differences are listed with both values, the total first") {
  TempDir dir;
  const fs::path yaml = CopyCement(dir.path());
  const fs::path result = dir / "r.json";
  REQUIRE(RunPcf({"calc", yaml.string(), "-o", result.string()}).exit_code == 0);
  json edited = json::parse(ReadText(result));
  const double total = edited["method"]["total"].get<double>();
  edited["product"]["geography"] = "CN-GD";  // comes first in the document
  edited["method"]["total"] = 1.0;
  WriteText(result, edited.dump(2));
  const RunResult r = RunPcf({"verify", result.string(), "--format", "json"});
  CHECK(r.exit_code == 10);
  const json differences = json::parse(r.out)["submissions"][0]["differences"];
  REQUIRE(differences.size() == 2);
  CHECK(differences[0]["figure"] == "method.total");
  CHECK(differences[0]["claimed"] == 1.0);
  CHECK(differences[0]["recomputed"].get<double>() == total);
  CHECK(differences[1]["figure"] == "product.geography");
  CHECK(differences[1]["claimed"] == "CN-GD");
  CHECK(differences[1]["recomputed"] == "CN-HB");
}

TEST_CASE("verify CERT: re-serialised verifies, a changed signed value does not, another database is named") {
  TempDir dir;
  const fs::path yaml = CopyCement(dir.path());
  const fs::path result = dir / "r.json", key = dir / "k", cert = dir / "c.json";
  REQUIRE(RunPcf({"calc", yaml.string(), "-o", result.string()}).exit_code == 0);
  REQUIRE(RunPcf({"keygen", "-o", key.string(), "--issuer", "Issuer"}).exit_code == 0);
  RunResult run = RunPcf({"certify", result.string(), "--key", key.string(), "-o", cert.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const std::string pub = key.string() + ".pub";
  run = RunPcf({"verify", cert.string(), "--pubkey", pub});
  CHECK_MESSAGE(run.exit_code == 0, run.out);
  CHECK(Contains(run.out, "recomputed"));  // the inputs are at hand: recomputed by default

  const json c = json::parse(ReadText(cert));
  const fs::path pretty = dir / "pretty.json";
  WriteText(pretty, c.dump(4) + "\n");  // whitespace; nlohmann sorts keys, so also reorder by hand below
  run = RunPcf({"verify", pretty.string(), "--pubkey", pub});
  CHECK_MESSAGE(run.exit_code == 0, run.out);
  std::string reordered = "{";
  std::vector<std::string> members;
  for (const auto& [k, v] : c.items()) members.push_back(json(k).dump() + " : " + v.dump(1));
  for (auto it = members.rbegin(); it != members.rend(); ++it) reordered += (it == members.rbegin() ? "\n" : ",\n") + *it;
  WriteText(pretty, reordered + "\n}\n");
  run = RunPcf({"verify", pretty.string(), "--pubkey", pub});
  CHECK_MESSAGE(run.exit_code == 0, run.out);

  for (const auto& edit : std::vector<std::function<void(json&)>>{
           [](json& x) { x["statement"]["geography"] = "CN-GD"; },
           [](json& x) { x["figures"]["total"] = 1.0; },
           [](json& x) { x["certificate_number"] = "x-000009"; },
           [](json& x) { x["backdated"] = true; }}) {
    json edited = c;
    edit(edited);
    WriteText(pretty, edited.dump(2));
    run = RunPcf({"verify", pretty.string(), "--pubkey", pub});
    CHECK(run.exit_code == 14);
    CHECK(Contains(run.out, "tampered"));
  }

  // Inputs not at hand: signature only, unless --recompute demands it.
  const fs::path away = dir / "away";
  fs::create_directories(away);
  fs::copy_file(cert, away / "c.json");
  fs::rename(yaml, dir / "moved.yaml");
  run = RunPcf({"verify", (away / "c.json").string(), "--pubkey", pub});
  CHECK(run.exit_code == 0);
  CHECK(Contains(run.out, "not recomputed"));
  run = RunPcf({"verify", (away / "c.json").string(), "--pubkey", pub, "--recompute"});
  CHECK(run.exit_code == 13);
  fs::rename(dir / "moved.yaml", yaml);

  // Another database: reported as such.
  fs::copy(SourceDir() / "factors", dir / "factors");
  fs::copy(SourceDir() / "data", dir / "data");
  const fs::path csv = dir / "factors" / "process-energy.csv";
  std::string factors = ReadText(csv);
  const std::size_t at = factors.find(",0.0454,");
  REQUIRE(at != std::string::npos);
  factors.replace(at, 8, ",0.0460,");
  WriteText(csv, factors);
  REQUIRE(RunPcf({"db", "build", (dir / "factors").string(), (dir / "data").string(), "-o", (dir / "other.sqlite").string()}).exit_code == 0);
  run = RunPcf({"verify", cert.string(), "--pubkey", pub, "--db", (dir / "other.sqlite").string()});
  CHECK(run.exit_code == 12);
  CHECK(Contains(run.out, "database_differs"));
  CHECK(Contains(run.out, c["verification"]["database"]["sha256"].get<std::string>()));
}

namespace {

int Spawn(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int started = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("verify --report: json, md and a bilingual A4 html record") {
  TempDir dir;
  const fs::path yaml = CopyCement(dir.path());
  const fs::path subs = dir / "subs";
  fs::create_directories(subs);
  REQUIRE(RunPcf({"calc", yaml.string(), "-o", (subs / "a.json").string()}).exit_code == 0);
  json edited = json::parse(ReadText(subs / "a.json"));
  const double total = edited["method"]["total"].get<double>();
  edited["method"]["total"] = 1.0;
  WriteText(subs / "b.json", edited.dump(2));

  // Refusals: an unknown extension, the report over a submission; nothing written.
  RunResult run = RunPcf({"verify", subs.string(), "--report", (dir / "r.pdf").string()});
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "--report"));
  CHECK_FALSE(fs::exists(dir / "r.pdf"));
  run = RunPcf({"verify", subs.string(), "--report", (subs / "a.json").string()});
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "refusing to overwrite an input"));

  const std::string epoch = "1767225600";  // 2026-01-01
  for (const char* name : {"r.json", "r.md", "r.html"}) {
    run = pcf::test::RunPcfWithEnv("SOURCE_DATE_EPOCH", epoch,
                                   {"verify", subs.string(), "--report", (dir / name).string(), "--verifier", "张工 (Zhang)"});
    CHECK(run.exit_code == 10);
  }
  const json r = json::parse(ReadText(dir / "r.json"));
  CHECK(r["header"]["date"] == "2026-01-01");
  CHECK(r["header"]["verifier"] == "张工 (Zhang)");
  CHECK(r["header"]["rtol"] == 1e-9);
  CHECK(r["header"]["database"]["sha256"] == edited["manifest"]["db_sha256"]);
  CHECK(r["header"]["pcf_version"] == edited["manifest"]["engine_version"]);
  REQUIRE(r["submissions"].size() == 2);
  CHECK(r["submissions"][0]["product"] == edited["product"]["id"]);
  CHECK(r["submissions"][0]["declared_unit"] == "1 t");
  CHECK(r["submissions"][0]["claimed_total"].get<double>() == total);
  CHECK(r["submissions"][0]["recomputed_total"].get<double>() == total);
  CHECK(r["submissions"][1]["claimed_total"] == 1.0);
  CHECK(r["submissions"][1]["recomputed_total"].get<double>() == total);
  CHECK(r["submissions"][1]["status"] == "mismatch");
  CHECK(r["summary"]["verified"] == 1);
  CHECK(r["summary"]["mismatch"] == 1);
  const std::string md = ReadText(dir / "r.md");
  CHECK(Contains(md, "张工 (Zhang)"));
  CHECK(Contains(md, "method.total: claimed 1, recomputed"));
  const std::string html = ReadText(dir / "r.html");
  CHECK(Contains(html, "核查记录"));
  CHECK(Contains(html, "Verification record"));
  CHECK(Contains(html, "张工 (Zhang)"));
  CHECK(Contains(html, "size: A4"));
  run = RunPcf({"verify", subs.string(), "--report", (dir / "r.zh.html").string(), "--lang", "zh"});
  CHECK(Contains(ReadText(dir / "r.zh.html"), "lang=\"zh-CN\""));

  const char* kChromium = "/usr/bin/chromium";
  if (!fs::exists(kChromium)) {
    const char* skip = std::getenv("PCF_SKIP_BROWSER_TESTS");
    if (skip && std::string(skip) == "1") return;
    FAIL(kChromium << " is absent: install it, or set PCF_SKIP_BROWSER_TESTS=1");
  }
  for (const char* name : {"r.html", "r.zh.html"}) {
    CAPTURE(name);
    const fs::path png = dir / (std::string(name) + ".png"), pdf = dir / (std::string(name) + ".pdf");
    const auto browser = [&](const std::string& profile, const std::string& action) {
      return std::vector<std::string>{"/usr/bin/timeout", "180", kChromium, "--headless", "--no-sandbox", "--disable-gpu",
                                      "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                      "--user-data-dir=" + (dir / profile).string(), "--no-pdf-header-footer", action,
                                      "--window-size=1240,1754", "file://" + (dir / name).string()};
    };
    CHECK(Spawn(browser("p1", "--screenshot=" + png.string()), dir / "chromium.log") == 0);
    REQUIRE(fs::exists(png));
    CHECK(ReadText(png).substr(0, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(Spawn(browser("p2", "--print-to-pdf=" + pdf.string()), dir / "chromium.log") == 0);
    REQUIRE(fs::exists(pdf));
    CHECK(ReadText(pdf).find("/MediaBox [0 0 594.") != std::string::npos);  // A4
    if (const char* keep = std::getenv("PCF_KEEP_SCREENSHOTS"); keep && *keep) {
      fs::create_directories(keep);
      fs::copy_file(png, fs::path(keep) / (std::string("verification-") + name + ".png"), fs::copy_options::overwrite_existing);
    }
  }
}

TEST_CASE("verify --report: where only impacts[METHOD].total was edited, the record shows that claimed total") {
  TempDir dir;
  const fs::path yaml = CopyCement(dir.path());
  const fs::path subs = dir / "subs";
  fs::create_directories(subs);
  REQUIRE(RunPcf({"calc", yaml.string(), "-o", (subs / "a.json").string()}).exit_code == 0);
  json edited = json::parse(ReadText(subs / "a.json"));
  const double total = edited["method"]["total"].get<double>();
  const std::string method = edited["method"]["indicator"].get<std::string>();
  bool found = false;
  for (json& impact : edited["impacts"])
    if (impact["indicator"] == method) {
      impact["total"] = total * 0.9;  // method.total keeps the true value
      found = true;
    }
  REQUIRE(found);
  fs::remove(subs / "a.json");
  WriteText(subs / "c.json", edited.dump(2));
  const RunResult run = RunPcf({"verify", subs.string(), "--report", (dir / "r.json").string()});
  CHECK(run.exit_code == 10);
  const json r = json::parse(ReadText(dir / "r.json"));
  REQUIRE(r["submissions"].size() == 1);
  CHECK(r["submissions"][0]["status"] == "mismatch");
  CHECK(r["submissions"][0]["claimed_total"].get<double>() == total * 0.9);
  CHECK(r["submissions"][0]["recomputed_total"].get<double>() == total);
}
