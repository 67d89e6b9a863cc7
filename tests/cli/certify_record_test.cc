// Signing the verification record (issue 12 Deliver 5, docs/certification.md "Signing the verification
// record"): `pcf certify --verification-report REPORT.json` signs the JSON that `pcf verify --report` wrote,
// after checking it is one; `pcf verify CERT --pubkey` checks the signed record; every edit of a signed value
// is tampered, a re-serialisation is not; anything but a record is refused with exit 3 and nothing written.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/sha256.h"

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

struct Fixture {
  TempDir dir;
  fs::path yaml = dir / "po425-cement.yaml";
  fs::path result = dir / "po425.json";
  fs::path report = dir / "verification.json";
  fs::path key = dir / "verifier.key";
  fs::path pub = dir / "verifier.key.pub";
  fs::path cert = dir / "verification.cert.json";
  Fixture() {
    fs::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", yaml);
    RunResult run = RunPcf({"calc", yaml.string(), "-o", result.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    run = RunPcf({"verify", result.string(), "--report", report.string(), "--verifier", "Li Wei"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    run = RunPcf({"keygen", "-o", key.string(), "--issuer", "Hubei Verification Office"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  }
  RunResult Sign(const fs::path& what, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"certify", "--verification-report", what.string(), "--key", key.string(), "-o", cert.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunPcf(args);
  }
  RunResult Verify(const fs::path& what) const {
    return RunPcf({"verify", what.string(), "--pubkey", pub.string()});
  }
};

}  // namespace

TEST_CASE("certify --verification-report: the record of pcf verify is signed and verifies") {
  Fixture f;
  const std::string report_text = ReadText(f.report);
  const json report = json::parse(report_text);
  RunResult run = f.Sign(f.report, {"--scheme", "Hubei low-carbon product label"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const json cert = json::parse(ReadText(f.cert));
  CHECK(cert.at("pcf_verification_certificate") == 1);
  CHECK(cert.at("verification_report") == report);  // the record, value for value
  CHECK(cert.at("report_sha256") == pcf::Sha256Hex(report_text));
  CHECK(cert.at("verification_report").at("header").at("verifier") == "Li Wei");
  CHECK(cert.at("issuer").at("name") == "Hubei Verification Office");
  CHECK(cert.at("scheme") == "Hubei low-carbon product label");
  const std::string key_id = cert.at("issuer").at("key_id");
  CHECK(cert.at("certificate_number") == key_id + "-000001");
  CHECK_FALSE(cert.contains("product"));  // not a product certificate

  run = f.Verify(f.cert);
  CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);
  CHECK(Contains(run.out, "valid"));
  CHECK(Contains(run.out, "signed verification record of 1 files dated " + report.at("header").at("date").get<std::string>() +
                              " (exit code 0)"));

  // Another serialisation of the same values verifies.
  const fs::path pretty = f.dir / "pretty.cert.json";
  WriteText(pretty, cert.dump(2) + "\n");
  run = f.Verify(pretty);
  CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);

  // Every edit of a signed value is tampered (exit 14).
  const std::vector<std::pair<const char*, std::function<void(json&)>>> edits = {
      {"status of a row", [](json& c) { c["verification_report"]["submissions"][0]["status"] = "mismatch"; }},
      {"claimed total", [](json& c) {
         c["verification_report"]["submissions"][0]["claimed_total"] =
             c["verification_report"]["submissions"][0]["claimed_total"].get<double>() * 0.99; }},
      {"verifier", [](json& c) { c["verification_report"]["header"]["verifier"] = "Someone Else"; }},
      {"exit code", [](json& c) { c["verification_report"]["summary"]["exit_code"] = 10; }},
      {"report hash", [](json& c) { c["report_sha256"] = std::string(64, '0'); }},
      {"valid until", [](json& c) { c["valid_until"] = "2099-12-31"; }},
  };
  for (const auto& [name, edit] : edits) {
    CAPTURE(name);
    json edited = cert;
    edit(edited);
    const fs::path file = f.dir / "edited.cert.json";
    WriteText(file, edited.dump() + "\n");
    run = f.Verify(file);
    CHECK(run.exit_code == 14);
    CHECK(Contains(run.out, "tampered"));
  }

  // The record checked with another key: wrong_key.
  const fs::path other = f.dir / "other.key";
  REQUIRE(RunPcf({"keygen", "-o", other.string(), "--issuer", "Other"}).exit_code == 0);
  run = RunPcf({"verify", f.cert.string(), "--pubkey", other.string() + ".pub"});
  CHECK(run.exit_code == 14);
  CHECK(Contains(run.out, "wrong_key"));
}

TEST_CASE("certify --verification-report: anything but a verification record is refused, nothing written") {
  Fixture f;
  const json report = json::parse(ReadText(f.report));
  struct Refusal {
    const char* name;
    std::string text;
    const char* message;
  };
  json no_header = report;
  no_header.erase("header");
  json wrong_count = report;
  wrong_count["summary"]["files"] = 2;
  json interrupted = report;
  interrupted["summary"]["interrupted"] = true;
  json row_without_status = report;
  row_without_status["submissions"][0].erase("status");
  const std::vector<Refusal> refusals = {
      {"not JSON", "header: yes\n", "the verification report is not JSON"},
      {"a pcf result", ReadText(f.result), "not a pcf verification report"},
      {"no header", no_header.dump(), "'header' is missing"},
      {"summary.files differs", wrong_count.dump(), "'summary.files' is missing or differs"},
      {"a row without status", row_without_status.dump(), "'submissions[0]' needs a 'file' and a 'status'"},
      {"an interrupted run", interrupted.dump(), "the verification was interrupted"},
  };
  for (const Refusal& r : refusals) {
    CAPTURE(r.name);
    const fs::path file = f.dir / "bad-report.json";
    WriteText(file, r.text);
    const RunResult run = f.Sign(file);
    CHECK(run.exit_code == 3);
    CHECK(Contains(run.err, r.message));
    CHECK_FALSE(fs::exists(f.cert));
    CHECK_FALSE(fs::exists(f.key.string() + ".counter"));  // no certificate number used
  }
  // A signed record is not signed again.
  REQUIRE(f.Sign(f.report).exit_code == 0);
  const fs::path signed_once = f.dir / "signed-once.json";
  fs::rename(f.cert, signed_once);
  RunResult run = f.Sign(signed_once);
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "this is a certificate"));
  CHECK_FALSE(fs::exists(f.cert));

  // Usage: a result and a record at once, neither, or a page for a record.
  run = RunPcf({"certify", f.result.string(), "--verification-report", f.report.string(), "--key", f.key.string(), "-o",
                f.cert.string()});
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "either a result to certify or --verification-report"));
  run = RunPcf({"certify", "--key", f.key.string(), "-o", f.cert.string()});
  CHECK(run.exit_code == 2);
  run = f.Sign(f.report, {"--html", (f.dir / "record.html").string()});
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "not for a verification record"));
  CHECK_FALSE(fs::exists(f.cert));
  CHECK_FALSE(fs::exists(f.dir / "record.html"));
}
