// Signed certificates (issue 7, docs/certification.md "Certificates"): Ed25519 through libsodium, the
// canonical form through nlohmann::json (objects are std::map: keys sorted bytewise; dump() without indent
// writes no insignificant whitespace and doubles in shortest round-trip form). No hand-written crypto.
#include "engine/certify/certificate.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "engine/certify/key_text.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/file_system.h"
#include "engine/core/sha256.h"

namespace pcf {

namespace {

using nlohmann::json;

constexpr std::string_view kSecretHeader = "pcf-ed25519-secret-key v1";
constexpr std::string_view kPublicHeader = "pcf-ed25519-public-key v1";
constexpr int kFormatVersion = 1;
// A signed verification record (`pcf certify --verification-report`) is marked by this member instead.
constexpr const char* kReportMarker = "pcf_verification_certificate";

std::string KeyId(const unsigned char* public_key) {
  return Sha256Hex(std::string_view(reinterpret_cast<const char*>(public_key), crypto_sign_PUBLICKEYBYTES)).substr(0, 16);
}

// An issuer name: one line of printable text.
void CheckIssuerName(const std::string& name, const char* what) {
  if (name.empty()) throw Error(ErrorKind::kBadInput, fmt::format("{}: the issuer name is empty", what));
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw Error(ErrorKind::kBadInput, fmt::format("{}: the issuer name contains a control character or line break", what));
  try {
    (void)json(name).dump();  // strict UTF-8 check
  } catch (const json::exception&) {
    throw Error(ErrorKind::kBadInput, fmt::format("{}: the issuer name is not valid UTF-8", what));
  }
}

struct KeyFile {
  std::string issuer;
  std::string key_id;
  std::vector<unsigned char> key;
};

// Parses a key file: header line, "issuer: NAME", "key-id: 16 hex", "key: base64", optional final newline.
KeyFile ParseKeyFile(const std::string& text, std::string_view header, std::size_t key_size, const char* what) {
  const std::vector<std::string> lines = SplitLines(text);
  if (lines.empty()) throw Error(ErrorKind::kBadInput, fmt::format("{} file is empty", what));
  if (lines[0] != header) {
    const std::string_view other = header == kSecretHeader ? kPublicHeader : kSecretHeader;
    if (lines[0] == other)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} file expected, but this is a {} file", what,
                              header == kSecretHeader ? "public key" : "secret key"));
    throw Error(ErrorKind::kBadInput, fmt::format("{} file: first line must be '{}'", what, header));
  }
  if (lines.size() != 4)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} file: expected 4 lines (header, issuer, key-id, key), found {}", what, lines.size()));
  const auto field = [&](std::size_t i, std::string_view name) {
    const std::string prefix = std::string(name) + ": ";
    if (lines[i].compare(0, prefix.size(), prefix) != 0)
      throw Error(ErrorKind::kBadInput, fmt::format("{} file: line {} must start with '{}'", what, i + 1, prefix));
    return lines[i].substr(prefix.size());
  };
  KeyFile key;
  key.issuer = field(1, "issuer");
  key.key_id = field(2, "key-id");
  const std::string encoded = field(3, "key");
  if (!FromBase64(encoded, &key.key) || key.key.size() != key_size)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} file: the key is not base64 of exactly {} bytes", what, key_size));
  if (!key.issuer.empty()) CheckIssuerName(key.issuer, what);
  return key;
}

void CheckKeyId(const KeyFile& key, const unsigned char* public_key, const char* what) {
  const std::string id = KeyId(public_key);
  if (key.key_id != id)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} file: key-id '{}' does not belong to the key (its id is {})", what, key.key_id, id));
}

struct SecretKey {
  std::vector<unsigned char> secret;  // 64 bytes: seed and public key
  std::string issuer;
  std::string key_id;
  ~SecretKey() { sodium_memzero(secret.data(), secret.size()); }
};

void ParseSecretKey(const std::string& text, SecretKey* out) {
  KeyFile file = ParseKeyFile(text, kSecretHeader, crypto_sign_SECRETKEYBYTES, "secret key");
  out->secret = file.key;
  sodium_memzero(file.key.data(), file.key.size());
  // The secret key holds its seed and its public key: both must agree.
  unsigned char seed[crypto_sign_SEEDBYTES];
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char rederived[crypto_sign_SECRETKEYBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, out->secret.data());
  crypto_sign_seed_keypair(public_key, rederived, seed);
  const bool consistent = sodium_memcmp(rederived, out->secret.data(), crypto_sign_SECRETKEYBYTES) == 0;
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(rederived, sizeof rederived);
  if (!consistent)
    throw Error(ErrorKind::kBadInput, "secret key file: the key is damaged (its public half does not match its seed)");
  CheckKeyId(file, public_key, "secret key");
  out->issuer = file.issuer;
  out->key_id = file.key_id;
}

struct PublicKey {
  std::vector<unsigned char> key;
  std::string issuer;
  std::string key_id;
};

PublicKey ParsePublicKey(const std::string& text) {
  KeyFile file = ParseKeyFile(text, kPublicHeader, crypto_sign_PUBLICKEYBYTES, "public key");
  CheckKeyId(file, file.key.data(), "public key");
  return {file.key, file.issuer, file.key_id};
}

std::string KeyFileText(std::string_view header, const std::string& issuer, const std::string& key_id,
                        const unsigned char* key, std::size_t size) {
  return fmt::format("{}\nissuer: {}\nkey-id: {}\nkey: {}\n", header, issuer, key_id, ToBase64(key, size));
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ParseDate(const std::string& date, int* year, int* month, int* day) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (date[i] < '0' || date[i] > '9') return false;
  const auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (date[i] - '0');
    return value;
  };
  *year = number(0, 4);
  *month = number(5, 2);
  *day = number(8, 2);
  return *year >= 1 && *month >= 1 && *month <= 12 && *day >= 1 && *day <= DaysInMonth(*year, *month);
}

// The product result figures of a certificate; throws Error(kBadInput) naming what is missing.
const json& Require(const json& object, const char* key, json::value_t type, const char* where) {
  const auto it = object.find(key);
  const bool type_ok = it != object.end() && (it->type() == type || (type == json::value_t::number_float && it->is_number()));
  if (!type_ok)
    throw Error(ErrorKind::kBadInput,
                fmt::format("not a pcf product result (a `pcf calc PRODUCT.yaml` JSON is needed): {} '{}' is missing or not {}",
                            where, key,
                            type == json::value_t::object ? "an object"
                            : type == json::value_t::array ? "an array"
                            : type == json::value_t::string ? "a string"
                                                             : "a number"));
  return *it;
}

json Figures(const json& result) {
  const json& product = Require(result, "product", json::value_t::object, "key");
  const json& method = Require(result, "method", json::value_t::object, "key");
  json figures = json::object();
  figures["indicator"] = Require(method, "indicator", json::value_t::string, "method");
  figures["indicator_name"] = Require(method, "name", json::value_t::string, "method");
  figures["total"] = Require(method, "total", json::value_t::number_float, "method");
  figures["unit"] = Require(method, "unit", json::value_t::string, "method");
  figures["declared_unit"] = Require(product, "declared_unit", json::value_t::object, "product");
  figures["impacts"] = Require(result, "impacts", json::value_t::array, "key");
  for (const char* key : {"stages", "split", "gas_groups", "module_d"})
    if (result.contains(key)) figures[key] = result.at(key);
  return figures;
}

std::string Canonical(const json& value) { return value.dump(); }

// The first key that occurs twice in one object of `text` (valid JSON), or "".
std::string DuplicateKey(const std::string& text) {
  std::vector<std::set<std::string>> open;
  std::string twice;
  json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open.emplace_back();
    else if (event == json::parse_event_t::object_end && !open.empty()) open.pop_back();
    else if (event == json::parse_event_t::key && !open.empty() && !open.back().insert(parsed.get<std::string>()).second &&
             twice.empty())
      twice = parsed.get<std::string>();
    return true;
  };
  const json parsed_again = json::parse(text, callback);
  (void)parsed_again;
  return twice;
}

const json* Member(const json& object, const char* key, json::value_t type) {
  const auto it = object.find(key);
  if (it == object.end() || it->type() != type) return nullptr;
  return &*it;
}

CertificateCheck Check(CertificateStatus status, std::string detail) { return {status, std::move(detail)}; }

// The members every certificate has (issuer, dates, number, scheme), checked as IssueCertificate does.
json CertificateFrame(const CertificateRequest& request, const SecretKey& key) {
  const std::string issuer = !request.issuer.empty() ? request.issuer : key.issuer;
  if (issuer.empty())
    throw Error(ErrorKind::kBadInput, "no issuer: the key file names none and none was given (--issuer)");
  CheckIssuerName(issuer, "certificate");
  const std::string issued = !request.issued.empty() ? request.issued : TodayUtc();
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"valid_from", &request.valid_from},
                                    {"valid_until", &request.valid_until}, {"issued", &issued}})
    if (!IsCalendarDate(*value))
      throw Error(ErrorKind::kBadInput, fmt::format("{} '{}' is not a calendar date YYYY-MM-DD", name, *value));
  if (request.valid_until < request.valid_from)
    throw Error(ErrorKind::kBadInput,
                fmt::format("valid_until {} is before valid_from {}", request.valid_until, request.valid_from));
  json certificate = json::object();
  certificate["issuer"] = {{"name", issuer}, {"key_id", key.key_id}};
  certificate["valid_from"] = request.valid_from;
  certificate["valid_until"] = request.valid_until;
  certificate["issued"] = issued;
  certificate["backdated"] = request.valid_from < issued;
  if (!request.number.empty()) certificate["certificate_number"] = request.number;
  if (!request.scheme.empty()) {
    CheckIssuerName(request.scheme, "scheme");
    certificate["scheme"] = request.scheme;
  }
  return certificate;
}

// Signs the canonical form of `certificate` and returns the file content (canonical form with signature).
std::string Sign(json certificate, const SecretKey& key) {
  const std::string signed_text = Canonical(certificate);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
                       key.secret.data());
  certificate["signature"] = {{"algorithm", "Ed25519"}, {"key_id", key.key_id}, {"value", ToBase64(signature, sizeof signature)}};
  return Canonical(certificate) + "\n";
}

// The JSON of `pcf verify --report FILE.json` (docs/certification.md "Report"), or Error(kBadInput) naming
// what is missing.
json ParseVerificationReport(const std::string& text) {
  json report;
  try {
    report = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("the verification report is not JSON: {}", e.what()));
  }
  const auto refuse = [](const std::string& what) {
    return Error(ErrorKind::kBadInput,
                 fmt::format("not a pcf verification report (the JSON of `pcf verify --report FILE.json`): {}", what));
  };
  if (!report.is_object()) throw refuse("the JSON is not an object");
  if (IsCertificate(text)) throw refuse("this is a certificate");
  const json* header = Member(report, "header", json::value_t::object);
  if (!header) throw refuse("'header' is missing or not an object");
  for (const char* key : {"date", "pcf_version"})
    if (!Member(*header, key, json::value_t::string)) throw refuse(fmt::format("'header.{}' is missing or not a string", key));
  if (!IsCalendarDate(header->at("date").get<std::string>())) throw refuse("'header.date' is not a date YYYY-MM-DD");
  const json* submissions = Member(report, "submissions", json::value_t::array);
  if (!submissions) throw refuse("'submissions' is missing or not an array");
  for (std::size_t i = 0; i < submissions->size(); ++i) {
    const json& row = submissions->at(i);
    if (!row.is_object() || !Member(row, "file", json::value_t::string) || !Member(row, "status", json::value_t::string))
      throw refuse(fmt::format("'submissions[{}]' needs a 'file' and a 'status'", i));
  }
  const json* summary = Member(report, "summary", json::value_t::object);
  if (!summary) throw refuse("'summary' is missing or not an object");
  const json* files = Member(*summary, "files", json::value_t::number_unsigned);
  if (!files || files->get<std::size_t>() != submissions->size())
    throw refuse("'summary.files' is missing or differs from the number of submissions");
  if (!Member(*summary, "exit_code", json::value_t::number_unsigned)) throw refuse("'summary.exit_code' is missing");
  if (const json* interrupted = Member(*summary, "interrupted", json::value_t::boolean); interrupted && interrupted->get<bool>())
    throw refuse("the verification was interrupted (summary.interrupted): the record is not complete");
  return report;
}


}  // namespace

bool IsCalendarDate(const std::string& date) {
  int year = 0, month = 0, day = 0;
  return ParseDate(date, &year, &month, &day);
}

std::string AddYears(const std::string& date, int years) {
  int year = 0, month = 0, day = 0;
  if (!ParseDate(date, &year, &month, &day))
    throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a date YYYY-MM-DD", date));
  year += years;
  if (year < 1 || year > 9999) throw Error(ErrorKind::kBadInput, fmt::format("{} plus {} years is out of range", date, years));
  if (day > DaysInMonth(year, month)) day = DaysInMonth(year, month);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string TodayUtc() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) t = static_cast<std::time_t>(std::atoll(epoch));
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

KeyPair GenerateKeyPair(const std::string& issuer_name) {
  InitSodium();
  if (!issuer_name.empty()) CheckIssuerName(issuer_name, "key");
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);
  const std::string id = KeyId(public_key);
  KeyPair pair;
  pair.secret_key_text = KeyFileText(kSecretHeader, issuer_name, id, secret_key, sizeof secret_key);
  pair.public_key_text = KeyFileText(kPublicHeader, issuer_name, id, public_key, sizeof public_key);
  sodium_memzero(secret_key, sizeof secret_key);
  return pair;
}

std::string IssueCertificate(const CertificateRequest& request, const std::string& secret_key_text) {
  InitSodium();
  SecretKey key;
  ParseSecretKey(secret_key_text, &key);
  json certificate = CertificateFrame(request, key);

  json result;
  try {
    result = json::parse(request.result_json);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number beyond a double (1e309)
    throw Error(ErrorKind::kBadInput, fmt::format("the result is not JSON: {}", e.what()));
  }
  if (!result.is_object()) throw Error(ErrorKind::kBadInput, "not a pcf product result: the JSON is not an object");

  certificate["pcf_certificate"] = kFormatVersion;
  certificate["product"] = Require(result, "product", json::value_t::object, "key");
  certificate["figures"] = Figures(result);
  certificate["manifest"] = Require(result, "manifest", json::value_t::object, "key");
  if (!request.record_json.empty()) {
    const json record = json::parse(request.record_json);
    for (const auto& [member, value] : record.items()) certificate[member] = value;
  }
  return Sign(std::move(certificate), key);
}

std::string IssueReportCertificate(const std::string& report_text, const CertificateRequest& request,
                                   const std::string& secret_key_text) {
  InitSodium();
  SecretKey key;
  ParseSecretKey(secret_key_text, &key);
  json certificate = CertificateFrame(request, key);
  certificate[kReportMarker] = kFormatVersion;
  certificate["verification_report"] = ParseVerificationReport(report_text);
  certificate["report_sha256"] = Sha256Hex(report_text);
  return Sign(std::move(certificate), key);
}

CertificateCheck VerifyCertificate(const std::string& certificate_text, const std::string& public_key_text,
                                   const std::string& today) {
  InitSodium();
  const PublicKey key = ParsePublicKey(public_key_text);
  if (!IsCalendarDate(today)) throw Error(ErrorKind::kBadInput, fmt::format("today '{}' is not a date YYYY-MM-DD", today));
  using S = CertificateStatus;
  try {
    json certificate;
    try {
      certificate = json::parse(certificate_text);
    } catch (const json::parse_error& e) {
      return Check(S::kMalformed, fmt::format("the certificate is not JSON ({})", e.what()));
    }
    // A key written twice would let a reader see another value than the one signed.
    if (const std::string twice = DuplicateKey(certificate_text); !twice.empty())
      return Check(S::kMalformed, fmt::format("the key \"{}\" occurs twice in one object", twice));
    if (!certificate.is_object()) return Check(S::kMalformed, "the certificate is not a JSON object");
    const bool record = certificate.contains(kReportMarker);  // a signed verification record
    const json* version = Member(certificate, record ? kReportMarker : "pcf_certificate", json::value_t::number_unsigned);
    if (!version)
      return Check(S::kMalformed, fmt::format("not a pcf certificate (no '{}' version number)", record ? kReportMarker : "pcf_certificate"));
    if (*version != kFormatVersion)
      return Check(S::kMalformed, fmt::format("certificate format version {} is not supported (this pcf reads {})",
                                              version->dump(), kFormatVersion));
    const std::vector<const char*> objects = record ? std::vector<const char*>{"verification_report", "issuer", "signature"}
                                                    : std::vector<const char*>{"product", "figures", "manifest", "issuer", "signature"};
    for (const char* name : objects)
      if (!Member(certificate, name, json::value_t::object))
        return Check(S::kMalformed, fmt::format("'{}' is missing or not an object", name));
    const json& issuer = certificate.at("issuer");
    const json& signature = certificate.at("signature");
    const json* issuer_name = Member(issuer, "name", json::value_t::string);
    const json* issuer_key_id = Member(issuer, "key_id", json::value_t::string);
    if (!issuer_name || !issuer_key_id) return Check(S::kMalformed, "'issuer' needs a 'name' and a 'key_id'");
    if (!record) {
      const json* total = certificate.at("figures").contains("total") ? &certificate.at("figures").at("total") : nullptr;
      if (!total || !total->is_number()) return Check(S::kMalformed, "'figures.total' is missing or not a number");
    }
    std::string dates[3];
    const char* const date_names[3] = {"valid_from", "valid_until", "issued"};
    for (int i = 0; i < 3; ++i) {
      const json* date = Member(certificate, date_names[i], json::value_t::string);
      if (!date || !IsCalendarDate(date->get<std::string>()))
        return Check(S::kMalformed, fmt::format("'{}' is missing or not a date YYYY-MM-DD", date_names[i]));
      dates[i] = date->get<std::string>();
    }
    if (dates[1] < dates[0]) return Check(S::kMalformed, "'valid_until' is before 'valid_from'");
    const json* algorithm = Member(signature, "algorithm", json::value_t::string);
    const json* signature_key_id = Member(signature, "key_id", json::value_t::string);
    const json* value = Member(signature, "value", json::value_t::string);
    if (!algorithm || !signature_key_id || !value)
      return Check(S::kMalformed, "'signature' needs 'algorithm', 'key_id' and 'value'");
    if (*algorithm != "Ed25519")
      return Check(S::kMalformed, fmt::format("signature algorithm {} is not supported (Ed25519 is)", algorithm->dump()));
    std::vector<unsigned char> signature_bytes;
    if (!FromBase64(value->get<std::string>(), &signature_bytes) || signature_bytes.size() != crypto_sign_BYTES)
      return Check(S::kMalformed, "the signature value is not base64 of 64 bytes");

    // Who signed: the signed issuer.key_id and the unsigned signature.key_id must agree, then name this key.
    if (*signature_key_id != *issuer_key_id)
      return Check(S::kTampered, fmt::format("the signature's key id {} differs from the issuer's key id {}",
                                             signature_key_id->get<std::string>(), issuer_key_id->get<std::string>()));
    if (issuer_key_id->get<std::string>() != key.key_id)
      return Check(S::kWrongKey, fmt::format("signed with key {} ({}), but the public key given is {}",
                                             issuer_key_id->get<std::string>(), issuer_name->get<std::string>(), key.key_id));
    json unsigned_part = certificate;
    unsigned_part.erase("signature");
    const std::string signed_text = Canonical(unsigned_part);
    if (crypto_sign_verify_detached(signature_bytes.data(), reinterpret_cast<const unsigned char*>(signed_text.data()),
                                    signed_text.size(), key.key.data()) != 0)
      return Check(S::kTampered, "the signature does not match the content: the certificate was edited after signing");
    if (today < dates[0]) return Check(S::kNotYetValid, fmt::format("valid from {}, today is {}", dates[0], today));
    if (today > dates[1]) return Check(S::kExpired, fmt::format("expired: valid until {}, today is {}", dates[1], today));
    std::string what;
    if (record) {  // what the signed record says, in one line
      const json& report = certificate.at("verification_report");
      what = fmt::format("signed verification record of {} files dated {} (exit code {}), ",
                         report.at("summary").value("files", 0), report.at("header").value("date", ""),
                         report.at("summary").value("exit_code", 0));
    }
    return Check(S::kValid, fmt::format("{}signed by {} (key {}), valid from {} until {}", what, issuer_name->get<std::string>(),
                                        key.key_id, dates[0], dates[1]));
  } catch (const json::exception& e) {
    return Check(S::kMalformed, fmt::format("the certificate cannot be read ({})", e.what()));
  }
}

std::string NextCertificateNumber(const std::string& key_path, const std::string& secret_key_text) {
  InitSodium();
  SecretKey key;
  ParseSecretKey(secret_key_text, &key);
  const int fd = CurrentFileSystem().Open(key_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(errno)), {key_path, 0, 0, ""});
  struct Unlock {
    int fd;
    ~Unlock() { CurrentFileSystem().Close(fd); }  // closing releases the lock
  } unlock{fd};
  if (::flock(fd, LOCK_EX) != 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot lock: {}", std::strerror(errno)), {key_path, 0, 0, ""});
  const std::string counter_path = key_path + ".counter";
  unsigned long long last = 0;
  std::error_code ec;
  if (std::filesystem::exists(counter_path, ec)) {
    const std::string text = ReadWholeFile(counter_path);
    const std::string expected_start = fmt::format("pcf-certificate-counter v1\nkey-id: {}\nlast: ", key.key_id);
    bool ok = text.rfind(expected_start, 0) == 0 && text.size() > expected_start.size() + 1 && text.back() == '\n';
    std::string digits = ok ? text.substr(expected_start.size(), text.size() - expected_start.size() - 1) : "";
    ok = ok && digits.size() <= 18 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("not the certificate counter of key {} (3 lines: 'pcf-certificate-counter v1', "
                              "'key-id: {}', 'last: N')", key.key_id, key.key_id),
                  {counter_path, 0, 0, ""});
    last = std::stoull(digits);
  }
  const unsigned long long next = last + 1;
  WriteFileAtomically(counter_path, fmt::format("pcf-certificate-counter v1\nkey-id: {}\nlast: {}\n", key.key_id, next));
  return fmt::format("{}-{:06}", key.key_id, next);
}

bool IsCertificate(const std::string& text) {
  try {
    const json value = json::parse(text);
    return value.is_object() && (value.contains("pcf_certificate") || value.contains(kReportMarker));
  } catch (const json::exception&) {
    return false;
  }
}

bool IsVerificationRecordCertificate(const std::string& text) {
  try {
    const json value = json::parse(text);
    return value.is_object() && value.contains(kReportMarker);
  } catch (const json::exception&) {
    return false;
  }
}

const char* CertificateStatusName(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kValid: return "valid";
    case CertificateStatus::kTampered: return "tampered";
    case CertificateStatus::kWrongKey: return "wrong_key";
    case CertificateStatus::kExpired: return "expired";
    case CertificateStatus::kNotYetValid: return "not_yet_valid";
    case CertificateStatus::kMalformed: return "malformed";
  }
  return "malformed";
}

}  // namespace pcf
