// `pcf certify` recomputes before it signs (issue 12, docs/certification.md "pcf certify"): every edit of
// a result (field × edit → outcome, through the binary) is refused with verify's exit code, the message
// names the field, and nothing is written (no certificate, no page, no number used). A verified result is
// signed with what was verified: database hash, version, rtol, statement, stages, module D, CBAM, a
// certificate number per key, the scheme, and --valid-from before today only with --allow-backdate.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

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
  fs::path key = dir / "issuer.key";
  fs::path cert = dir / "po425.cert.json";
  fs::path html = dir / "po425.cert.html";
  Fixture() {
    fs::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", yaml);
    RunResult run = RunPcf({"calc", yaml.string(), "-o", result.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    run = RunPcf({"keygen", "-o", key.string(), "--issuer", "Hubei Low-Carbon Certification Centre"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  }
  RunResult Certify(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"certify", result.string(), "--key", key.string(), "-o", cert.string(), "--html", html.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunPcf(args);
  }
};

struct Tampering {
  const char* name;
  std::function<void(json& result, const Fixture& f)> edit;
  int exit_code;
  const char* named;  // what the message must name
};

}  // namespace

TEST_CASE("certify: an edited result is never certified (field x edit -> outcome)") {
  const std::vector<Tampering> cases = {
      {"total to 1.0", [](json& r, const Fixture&) { r["method"]["total"] = 1.0; }, 10, "method.total"},
      {"total one percent lower", [](json& r, const Fixture&) { r["method"]["total"] = r["method"]["total"].get<double>() * 0.99; }, 10, "method.total"},
      {"impact total", [](json& r, const Fixture&) { r["impacts"][0]["total"] = 1.0; }, 10, "impacts[GWP100-AR6].total"},
      {"stage A3", [](json& r, const Fixture&) {
         for (json& s : r["stages"]) if (s["stage"] == "A3") s["total"] = s["total"].get<double>() - 100; }, 10, "stages[A3].total"},
      {"product id", [](json& r, const Fixture&) { r["product"]["id"] = "cement P·O 52.5"; }, 10, "product.id"},
      {"company", [](json& r, const Fixture&) { r["product"]["company"] = "Another Co."; }, 10, "product.company"},
      {"company ids", [](json& r, const Fixture&) { r["product"]["company_ids"] = json::array({"urn:uuid:00000000-0000-0000-0000-000000000001"}); }, 10, "product.company_ids"},
      {"reference period", [](json& r, const Fixture&) { r["product"]["reference_period"] = "2019"; }, 10, "product.reference_period"},
      {"geography", [](json& r, const Fixture&) { r["product"]["geography"] = "CN-GD"; }, 10, "product.geography"},
      {"declared unit", [](json& r, const Fixture&) { r["product"]["declared_unit"]["amount"] = 2; }, 10, "product.declared_unit.amount"},
      {"database hash", [](json& r, const Fixture&) { r["manifest"]["db_sha256"] = std::string(64, 'a'); }, 12, "database differs"},
      {"product file edited", [](json&, const Fixture& f) {
         std::string yaml = ReadText(f.yaml);
         const std::size_t at = yaml.find("kiln_kwh: 52");
         REQUIRE(at != std::string::npos);
         yaml.replace(at, 12, "kiln_kwh: 53");
         WriteText(f.yaml, yaml); }, 11, "po425-cement.yaml"},
      {"product file gone", [](json&, const Fixture& f) { fs::remove(f.yaml); }, 13, "po425-cement.yaml"},
  };
  for (const Tampering& t : cases) {
    CAPTURE(t.name);
    Fixture f;
    json result = json::parse(ReadText(f.result));
    t.edit(result, f);
    WriteText(f.result, result.dump(2));
    const RunResult run = f.Certify();
    CHECK(run.exit_code == t.exit_code);
    CHECK_MESSAGE(Contains(run.err, "not certified"), run.err);
    CHECK_MESSAGE(Contains(run.err, t.named), run.err);
    CHECK_FALSE(fs::exists(f.cert));
    CHECK_FALSE(fs::exists(f.html));
    CHECK_FALSE(fs::exists(f.key.string() + ".counter"));  // no certificate number was used
  }
}

TEST_CASE("certify: a verified result is signed with what was verified") {
  Fixture f;
  RunResult run = f.Certify({"--scheme", "湖北省低碳产品认证"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const json r = json::parse(ReadText(f.result));
  const json c = json::parse(ReadText(f.cert));
  const json& v = c["verification"];
  CHECK(v["outcome"] == "verified");
  CHECK(v["rtol"].get<double>() == 1e-9);
  CHECK(v["database"]["sha256"] == r["manifest"]["db_sha256"]);
  CHECK(v["pcf_version"] == r["manifest"]["engine_version"]);
  const json& s = c["statement"];
  CHECK(s["pcf_per_declared_unit"] == r["method"]["total"]);
  CHECK(s["declared_unit"] == r["product"]["declared_unit"]);
  CHECK(s["reference_period"] == r["product"]["reference_period"]);
  CHECK(s["geography"] == r["product"]["geography"]);
  CHECK(s["product_id"] == r["product"]["id"]);
  CHECK(s["company_ids"] == r["product"]["company_ids"]);
  double stage_sum = 0;
  for (const json& stage : r["stages"])
    if (stage["declared"].get<bool>()) {
      CHECK(s["stages"][stage["stage"].get<std::string>()] == stage["total"]);
      stage_sum += stage["total"].get<double>();
    }
  CHECK(stage_sum == doctest::Approx(r["method"]["total"].get<double>()).epsilon(1e-12));
  CHECK(s["module_d"] == r["module_d"]["total"]);
  CHECK_FALSE(s["stages"].contains("D"));
  // Cement: the CBAM figures (t CO2 per t), direct + indirect = total.
  const json& cbam = c["cbam"];
  CHECK(cbam["good"] == "cement");
  CHECK(cbam["specific_total"].get<double>() == cbam["specific_direct"].get<double>() + cbam["specific_indirect"].get<double>());
  CHECK(cbam["specific_direct"].get<double>() > 0);
  CHECK(c["scheme"] == "湖北省低碳产品认证");
  CHECK(c["backdated"] == false);
  const std::string key_id = c["issuer"]["key_id"].get<std::string>();
  CHECK(c["certificate_number"] == key_id + "-000001");
  const std::string page = ReadText(f.html);
  CHECK(Contains(page, key_id + "-000001"));
  CHECK(Contains(page, "湖北省低碳产品认证"));
  CHECK(Contains(page, "CBAM"));
  CHECK_FALSE(Contains(page, "BACKDATED"));

  // The next certificate of the same key gets the next number; a backdated one needs the flag and says so.
  const std::string before = ReadText(f.cert);
  run = f.Certify({"--valid-from", "2001-01-01"});
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "--allow-backdate"));
  CHECK(ReadText(f.cert) == before);  // untouched
  CHECK(Contains(ReadText(f.key.string() + ".counter"), "last: 1\n"));
  run = f.Certify({"--valid-from", "2001-01-01", "--allow-backdate"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const json b = json::parse(ReadText(f.cert));
  CHECK(b["certificate_number"] == key_id + "-000002");
  CHECK(b["backdated"] == true);
  CHECK(Contains(ReadText(f.html), "BACKDATED"));
  CHECK(Contains(ReadText(f.html), "追溯生效"));

  // A counter file that is not this key's is refused, nothing written.
  fs::remove(f.cert);
  WriteText(f.key.string() + ".counter", "pcf-certificate-counter v1\nkey-id: 0000000000000000\nlast: 7\n");
  run = f.Certify();
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "not the certificate counter of key " + key_id));
  CHECK_FALSE(fs::exists(f.cert));
}
