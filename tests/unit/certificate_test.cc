// Signed certificates (issue 7, docs/certification.md "Certificates"), through the library: key pair →
// certificate → verification; every flipped byte is caught; a wrong key, a forged key id, dates outside the
// validity period, re-formatted files and malformed key files are each reported for what they are.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/certify/certificate.h"
#include "engine/certify/certificate_html.h"
#include "engine/core/error.h"
#include "engine/core/sha256.h"

using nlohmann::json;
using pcf::CertificateStatus;

namespace {

// A product result as `pcf calc PRODUCT.yaml` writes it (the keys a certificate takes), with awkward
// numbers: tiny, negative, integral, long mantissas, and UTF-8 names.
const char* const kResult = R"({
  "impacts": [
    {"indicator": "GWP100-AR6", "name": "Climate change, GWP100, IPCC AR6", "unit": "kg CO2e", "total": 733.5724238298118},
    {"indicator": "CO2-ETS", "name": "Fossil CO2 only", "unit": "kg CO2e", "total": 709.6238334691568}
  ],
  "inventory": [{"flow": "CO2, fossil", "name": "Carbon dioxide", "unit": "kg", "compartment": "air", "amount": 255.88247632629964}],
  "product": {"id": "cement P·O 42.5, bulk", "name": "P·O 42.5 ordinary Portland cement", "name_zh": "P·O 42.5 普通硅酸盐水泥",
              "company": "Example Hubei Cement Co., Ltd.", "site": "Huangshi, Hubei", "geography": "CN-HB",
              "declared_unit": {"amount": 1, "unit": "t"}, "reference_period": "2024", "system_boundary": "cradle-to-gate"},
  "method": {"indicator": "GWP100-AR6", "name": "Climate change, GWP100, IPCC AR6", "unit": "kg CO2e", "total": 733.5724238298118},
  "stages": [{"stage": "A1", "total": 2.5179968518504796, "by_indicator": {"GWP100-AR6": 2.5179968518504796, "CO2-ETS": 2.2940696936954446}},
             {"stage": "A3", "total": 731.0544269779613, "by_indicator": {"GWP100-AR6": 731.0544269779613, "CO2-ETS": 707.3297637754614}}],
  "split": {"foreground": {"total": 453.7413571428571}, "background": {"total": 279.8310666869547}, "supplier": {"total": 0}},
  "gas_groups": {"fossil": 733.6896425798118, "biogenic_emissions": 11.604656250000001, "biogenic_removals": -11.721875,
                 "land_use_change": 0, "aircraft": 0},
  "manifest": {"engine_version": "0.1.0", "db_sha256": "7c0dd9595f3f5c09398945b4e8530252ef6e932c22b4bcac3d24fe6314343501",
               "residual": 1.4210854715202004e-14, "solver": "block-triangular", "method": "GWP100-AR6", "cutoff_percent": 0.5,
               "inputs": [{"file": "examples/cement/po425-cement.yaml", "sha256": "d25ee6b9fae116bfd1a1de980454cfb70d952c238c6c628a3d2dd9a5cf81817f"}]}
})";

pcf::CertificateRequest Request() {
  pcf::CertificateRequest request;
  request.result_json = kResult;
  request.issuer = "湖北省低碳认证中心 (Hubei Low-Carbon Certification Centre)";
  request.valid_from = "2026-01-01";
  request.valid_until = "2026-12-31";
  request.issued = "2025-12-20";
  return request;
}

// One line of a key file replaced.
std::string WithLine(const std::string& key_text, int line, const std::string& replacement) {
  std::string out;
  int index = 0;
  std::size_t start = 0;
  while (start < key_text.size()) {
    const std::size_t end = key_text.find('\n', start);
    out += (index == line ? replacement : key_text.substr(start, end - start)) + "\n";
    start = end + 1;
    ++index;
  }
  return out;
}

std::string Line(const std::string& text, int line) {
  std::size_t start = 0;
  for (int i = 0; i < line; ++i) start = text.find('\n', start) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

void CheckBadKey(const std::string& text, bool is_public, const std::string& expected_words) {
  CAPTURE(text);
  try {
    if (is_public) pcf::VerifyCertificate("{}", text, "2026-06-01");
    else pcf::IssueCertificate(Request(), text);
    FAIL("a malformed key was accepted");
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    CHECK_MESSAGE(e.message().find(expected_words) != std::string::npos, e.message());
  }
}

}  // namespace

TEST_CASE("certificate: key pair, issue, verify") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Hubei Low-Carbon Certification Centre");
  CHECK(Line(keys.secret_key_text, 0) == "pcf-ed25519-secret-key v1");
  CHECK(Line(keys.public_key_text, 0) == "pcf-ed25519-public-key v1");
  CHECK(Line(keys.public_key_text, 1) == "issuer: Hubei Low-Carbon Certification Centre");
  CHECK(Line(keys.secret_key_text, 2) == Line(keys.public_key_text, 2));  // same key id
  const std::string key_id = Line(keys.public_key_text, 2).substr(8);
  CHECK(key_id.size() == 16);

  const std::string certificate = pcf::IssueCertificate(Request(), keys.secret_key_text);
  CHECK(pcf::IsCertificate(certificate));
  CHECK_FALSE(pcf::IsCertificate(kResult));
  CHECK_FALSE(pcf::IsCertificate("not json"));

  const pcf::CertificateCheck check = pcf::VerifyCertificate(certificate, keys.public_key_text, "2026-06-01");
  CHECK_MESSAGE(check.status == CertificateStatus::kValid, check.detail);
  CHECK(std::string(pcf::CertificateStatusName(check.status)) == "valid");

  // The file is exactly the canonical form plus one newline: sorted keys, no whitespace, UTF-8 as is.
  REQUIRE(certificate.back() == '\n');
  const json parsed = json::parse(certificate);
  CHECK(certificate == parsed.dump() + "\n");
  CHECK(certificate.find(": ") == std::string::npos);
  CHECK(certificate.find("普通硅酸盐水泥") != std::string::npos);
  CHECK(certificate.rfind("{\"backdated\":false,\"figures\":{", 0) == 0);  // "backdated" < "figures" < … < "valid_until"

  // Everything the design names, and the numbers read back bit for bit.
  const json result = json::parse(kResult);
  CHECK(parsed["pcf_certificate"] == 1);
  CHECK(parsed["product"] == result["product"]);
  CHECK(parsed["manifest"] == result["manifest"]);
  CHECK(parsed["figures"]["impacts"] == result["impacts"]);
  CHECK(parsed["figures"]["stages"] == result["stages"]);
  CHECK(parsed["figures"]["split"] == result["split"]);
  CHECK(parsed["figures"]["gas_groups"] == result["gas_groups"]);
  CHECK(parsed["figures"]["declared_unit"] == result["product"]["declared_unit"]);
  CHECK(parsed["figures"]["indicator"] == "GWP100-AR6");
  CHECK(parsed["figures"]["unit"] == "kg CO2e");
  const double total = parsed["figures"]["total"].get<double>();
  const double expected_total = result["method"]["total"].get<double>();
  CHECK(std::memcmp(&total, &expected_total, sizeof total) == 0);
  CHECK(parsed["manifest"]["residual"].get<double>() == 1.4210854715202004e-14);
  CHECK(parsed["issuer"]["name"] == Request().issuer);
  CHECK(parsed["issuer"]["key_id"] == key_id);
  CHECK(parsed["signature"]["key_id"] == key_id);
  CHECK(parsed["signature"]["algorithm"] == "Ed25519");
  CHECK(parsed["valid_from"] == "2026-01-01");
  CHECK(parsed["valid_until"] == "2026-12-31");
  CHECK(parsed["issued"] == "2025-12-20");

  // Ed25519 is deterministic: the same request and key give the same bytes.
  CHECK(pcf::IssueCertificate(Request(), keys.secret_key_text) == certificate);

  // The issuer defaults to the key file's.
  pcf::CertificateRequest unnamed = Request();
  unnamed.issuer.clear();
  CHECK(json::parse(pcf::IssueCertificate(unnamed, keys.secret_key_text))["issuer"]["name"] ==
        "Hubei Low-Carbon Certification Centre");
}

TEST_CASE("certificate: no flipped byte that changes a signed value verifies") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  const std::string certificate = pcf::IssueCertificate(Request(), keys.secret_key_text);
  std::map<CertificateStatus, int> seen;
  int flips = 0, same_values = 0;
  for (std::size_t i = 0; i < certificate.size(); ++i)
    for (int mask : {0x01, 0x02, 0x20, 0x80}) {
      std::string edited = certificate;
      edited[i] = static_cast<char>(static_cast<unsigned char>(edited[i]) ^ mask);
      const pcf::CertificateCheck check = pcf::VerifyCertificate(edited, keys.public_key_text, "2026-06-01");
      ++flips;
      ++seen[check.status];
      // What is signed are the values: a flip may only verify when the file still holds exactly the same
      // values (a trailing-newline byte turned into a space, a 17th digit that reads back as the same double).
      if (check.status == CertificateStatus::kValid) {
        const json same = json::parse(edited, nullptr, /*allow_exceptions=*/false);
        if (same.is_discarded() || same != json::parse(certificate))
          FAIL_CHECK("byte ", i, " ^ ", mask, " changes a value and still verifies: ", edited);
        else
          ++same_values;
      }
    }
  MESSAGE(flips, " flipped bytes: ", seen[CertificateStatus::kTampered], " tampered, ", seen[CertificateStatus::kMalformed],
          " malformed, ", seen[CertificateStatus::kWrongKey], " wrong key");
  CHECK(seen[CertificateStatus::kValid] == same_values);
  CHECK(seen[CertificateStatus::kTampered] > 0);
  CHECK(seen[CertificateStatus::kMalformed] > 0);
  // Removing the last brace is not valid either.
  CHECK(pcf::VerifyCertificate(certificate.substr(0, certificate.size() - 2), keys.public_key_text, "2026-06-01").status ==
        CertificateStatus::kMalformed);
}

TEST_CASE("certificate: edits that keep the JSON valid") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  const std::string certificate = pcf::IssueCertificate(Request(), keys.secret_key_text);
  const auto status = [&](const std::string& text) { return pcf::VerifyCertificate(text, keys.public_key_text, "2026-06-01"); };
  const auto edited = [&](auto edit) {
    json value = json::parse(certificate);
    edit(value);
    return value.dump() + "\n";
  };
  // A better figure, a figure one ulp off, a longer validity, another product name, a manifest without the input hash.
  for (const std::string& text :
       {edited([](json& c) { c["figures"]["total"] = 633.5724238298118; }),
        edited([](json& c) { c["figures"]["stages"][0]["total"] = std::nextafter(2.5179968518504796, 3.0); }),
        edited([](json& c) { c["valid_until"] = "2036-12-31"; }),
        edited([](json& c) { c["product"]["name_zh"] = "低碳水泥"; }),
        edited([](json& c) { c["manifest"]["inputs"][0].erase("sha256"); }),
        edited([](json& c) { c["issuer"]["name"] = "Someone else"; }),
        edited([](json& c) { c["extra"] = "added"; })}) {
    const pcf::CertificateCheck check = status(text);
    CHECK_MESSAGE(check.status == CertificateStatus::kTampered, check.detail);
  }
  // Insignificant whitespace, re-formatting, another key order: the same values, so it verifies.
  std::string spaced = certificate;
  spaced.insert(1, " ");
  CHECK(status(spaced).status == CertificateStatus::kValid);
  CHECK(status(json::parse(certificate).dump(2) + "\n").status == CertificateStatus::kValid);
  {  // keys in reverse order, written by hand
    const json value = json::parse(certificate);
    std::string reversed = "{";
    std::vector<std::string> members;
    for (const auto& [key, member] : value.items()) members.push_back(json(key).dump() + ": " + member.dump());
    for (auto it = members.rbegin(); it != members.rend(); ++it) reversed += (it == members.rbegin() ? "" : ",\n ") + *it;
    reversed += "}";
    CHECK(status(reversed).status == CertificateStatus::kValid);
  }
  // A key written twice (a reader might show the first, the parser keeps the last): malformed.
  std::string twice = certificate;
  twice.insert(1, "\"issued\":\"2020-01-01\",");
  const pcf::CertificateCheck twice_check = status(twice);
  CHECK(twice_check.status == CertificateStatus::kMalformed);
  CHECK(twice_check.detail.find("\"issued\" occurs twice") != std::string::npos);
  // The unsigned signature block: another key id, another algorithm, no signature.
  CHECK(status(edited([](json& c) { c["signature"]["key_id"] = "0000000000000000"; })).status == CertificateStatus::kTampered);
  CHECK(status(edited([](json& c) { c["signature"]["algorithm"] = "ed25519"; })).status == CertificateStatus::kMalformed);
  CHECK(status(edited([](json& c) { c.erase("signature"); })).status == CertificateStatus::kMalformed);
  CHECK(status(edited([](json& c) { c["pcf_certificate"] = 2; })).status == CertificateStatus::kMalformed);
  CHECK(status("[]").status == CertificateStatus::kMalformed);
  CHECK(status("").status == CertificateStatus::kMalformed);
}

TEST_CASE("certificate: wrong key and forged key id") {
  const pcf::KeyPair issuer = pcf::GenerateKeyPair("Issuer");
  const pcf::KeyPair other = pcf::GenerateKeyPair("Other");
  const std::string certificate = pcf::IssueCertificate(Request(), issuer.secret_key_text);
  const pcf::CertificateCheck wrong = pcf::VerifyCertificate(certificate, other.public_key_text, "2026-06-01");
  CHECK(wrong.status == CertificateStatus::kWrongKey);
  CHECK(std::string(pcf::CertificateStatusName(wrong.status)) == "wrong_key");
  // A certificate signed by `other` that claims the issuer's key id: the issuer's key finds the forgery.
  json forged = json::parse(pcf::IssueCertificate(Request(), other.secret_key_text));
  const std::string issuer_id = Line(issuer.public_key_text, 2).substr(8);
  forged["issuer"]["key_id"] = issuer_id;
  forged["signature"]["key_id"] = issuer_id;
  CHECK(pcf::VerifyCertificate(forged.dump() + "\n", issuer.public_key_text, "2026-06-01").status ==
        CertificateStatus::kTampered);
}

TEST_CASE("certificate: validity period") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  const std::string certificate = pcf::IssueCertificate(Request(), keys.secret_key_text);  // 2026-01-01 … 2026-12-31
  const auto status = [&](const char* today) { return pcf::VerifyCertificate(certificate, keys.public_key_text, today).status; };
  CHECK(status("2025-12-31") == CertificateStatus::kNotYetValid);
  CHECK(status("2026-01-01") == CertificateStatus::kValid);
  CHECK(status("2026-12-31") == CertificateStatus::kValid);
  CHECK(status("2027-01-01") == CertificateStatus::kExpired);
  CHECK(std::string(pcf::CertificateStatusName(CertificateStatus::kExpired)) == "expired");
  CHECK(std::string(pcf::CertificateStatusName(CertificateStatus::kNotYetValid)) == "not_yet_valid");
  CHECK_THROWS_AS(pcf::VerifyCertificate(certificate, keys.public_key_text, "2026-13-01"), pcf::Error);

  // Dates at issue.
  pcf::CertificateRequest reversed = Request();
  reversed.valid_until = "2025-12-31";
  CHECK_THROWS_AS(pcf::IssueCertificate(reversed, keys.secret_key_text), pcf::Error);
  pcf::CertificateRequest bad_date = Request();
  bad_date.valid_from = "2026-02-30";
  CHECK_THROWS_AS(pcf::IssueCertificate(bad_date, keys.secret_key_text), pcf::Error);

  CHECK(pcf::IsCalendarDate("2024-02-29"));
  CHECK_FALSE(pcf::IsCalendarDate("2023-02-29"));
  CHECK_FALSE(pcf::IsCalendarDate("1900-02-29"));
  CHECK(pcf::IsCalendarDate("2000-02-29"));
  CHECK_FALSE(pcf::IsCalendarDate("2026-1-01"));
  CHECK_FALSE(pcf::IsCalendarDate("2026-01-01T00:00:00Z"));
  CHECK(pcf::AddYears("2026-03-15", 1) == "2027-03-15");
  CHECK(pcf::AddYears("2024-02-29", 1) == "2025-02-28");
  CHECK(pcf::IsCalendarDate(pcf::TodayUtc()));
}

TEST_CASE("certificate: not a product result") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  for (const char* text : {"", "[]", "{}", R"({"impacts": [], "manifest": {}})", "{\"product\": 1}"}) {
    pcf::CertificateRequest request = Request();
    request.result_json = text;
    CAPTURE(text);
    try {
      pcf::IssueCertificate(request, keys.secret_key_text);
      FAIL("accepted");
    } catch (const pcf::Error& e) {
      CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    }
  }
  pcf::CertificateRequest nameless = Request();
  nameless.issuer.clear();
  CHECK_THROWS_AS(pcf::IssueCertificate(nameless, pcf::GenerateKeyPair("").secret_key_text), pcf::Error);
  CHECK_THROWS_AS(pcf::GenerateKeyPair("two\nlines"), pcf::Error);
}

TEST_CASE("certificate: malformed key files") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  const pcf::KeyPair other = pcf::GenerateKeyPair("Other");
  const std::string& secret = keys.secret_key_text;
  const std::string& pub = keys.public_key_text;
  CheckBadKey("", false, "empty");
  CheckBadKey("", true, "empty");
  CheckBadKey(pub, false, "this is a public key file");
  CheckBadKey(secret, true, "this is a secret key file");
  CheckBadKey(WithLine(pub, 0, "pcf-ed25519-public-key v2"), true, "first line");
  CheckBadKey(pub.substr(0, pub.find("key:")), true, "expected 4 lines");
  CheckBadKey(pub + "extra\n", true, "expected 4 lines");
  CheckBadKey(WithLine(pub, 1, "issuer Issuer"), true, "issuer: ");
  CheckBadKey(WithLine(pub, 2, "key-id: 0123456789abcdef"), true, "does not belong");
  CheckBadKey(WithLine(pub, 2, Line(other.public_key_text, 2)), true, "does not belong");
  CheckBadKey(WithLine(pub, 3, "key: not*base64"), true, "base64");
  CheckBadKey(WithLine(pub, 3, Line(secret, 3)), true, "32 bytes");  // 64 bytes where 32 belong
  CheckBadKey(WithLine(secret, 3, Line(pub, 3)), false, "64 bytes");
  CheckBadKey(WithLine(secret, 3, Line(other.secret_key_text, 3)), false, "does not belong");
  // A secret key whose public half was replaced by another key's: its seed gives it away.
  {
    std::string key_line = Line(secret, 3).substr(5);
    std::string other_line = Line(other.secret_key_text, 3).substr(5);
    // Base64 of 64 bytes: characters 44… encode bytes 33… (the public half, from byte 32 on, straddles
    // character 42-43); take the other key's tail from character 44.
    const std::string mixed = key_line.substr(0, 44) + other_line.substr(44);
    CheckBadKey(WithLine(secret, 3, "key: " + mixed), false, "damaged");
  }
  // CRLF line ends are read as well.
  std::string crlf;
  for (char c : pub) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::string certificate = pcf::IssueCertificate(Request(), secret);
  CHECK(pcf::VerifyCertificate(certificate, crlf, "2026-06-01").status == CertificateStatus::kValid);
}

TEST_CASE("certificate: printable bilingual page") {
  const pcf::KeyPair keys = pcf::GenerateKeyPair("Issuer");
  const std::string certificate = pcf::IssueCertificate(Request(), keys.secret_key_text);
  for (pcf::Language language : {pcf::Language::kEnglish, pcf::Language::kChinese}) {
    const std::string html = pcf::FormatCertificateHtml(certificate, language);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find(language == pcf::Language::kChinese ? "lang=\"zh-CN\"" : "lang=\"en\"") != std::string::npos);
    for (const char* text : {"产品碳足迹证书", "Product Carbon Footprint Certificate", "P·O 42.5 普通硅酸盐水泥",
                             "P·O 42.5 ordinary Portland cement", "Example Hubei Cement Co., Ltd.", "733.5724238298118",
                             "2026-01-01", "2026-12-31", "有效期至", "Valid until", "声明单位", "Declared unit", "湖北省低碳认证中心",
                             "@page { size: A4"})
      CHECK_MESSAGE(html.find(text) != std::string::npos, text);
    CHECK(html.find(json::parse(certificate)["issuer"]["key_id"].get<std::string>()) != std::string::npos);
    CHECK(html.find(pcf::Sha256Hex(certificate)) != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http") == std::string::npos);
  }
  CHECK_THROWS_AS(pcf::FormatCertificateHtml(kResult, pcf::Language::kEnglish), pcf::Error);
}
