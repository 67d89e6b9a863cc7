// Signed low-carbon certificates (issue 7): a certificate is a JSON document holding the product, its
// figures, the calculation manifest, the issuer and a validity period, signed with Ed25519 (libsodium)
// over a canonical form of all of it. Format: docs/certification.md.
#pragma once

#include <ctime>
#include <string>

namespace pcf {

struct KeyPair {
  std::string secret_key_text;  // file content of KEY (keep private)
  std::string public_key_text;  // file content of KEY.pub
};

// A fresh Ed25519 key pair as text files (a short header line and base64/hex of the key, with the key id).
KeyPair GenerateKeyPair(const std::string& issuer_name);

struct CertificateRequest {
  std::string result_json;   // a `pcf calc PRODUCT.yaml` JSON result
  std::string issuer;        // who certifies
  std::string valid_from;    // RFC 3339 date (YYYY-MM-DD)
  std::string valid_until;   // RFC 3339 date (YYYY-MM-DD)
  std::string issued;        // YYYY-MM-DD; empty: today (UTC), or the day of $SOURCE_DATE_EPOCH when set
  std::string number;        // the certificate number ("" for none), see NextCertificateNumber
  std::string scheme;        // the certification scheme (--scheme), "" for none
  std::string record_json;   // a JSON object whose members are added (verification, statement, cbam), "" for none
};

// Builds and signs the certificate. Throws Error(kBadInput) for a result that is not a pcf product
// result, Error(kBadInput) for a malformed key.
std::string IssueCertificate(const CertificateRequest& request, const std::string& secret_key_text);

// Signs a verification record (the JSON of `pcf verify --report FILE.json`, issue 12): the certificate holds
// the record as `verification_report`, the SHA-256 of its bytes as `report_sha256`, and the issuer, dates,
// number and scheme of `request` (whose result_json and record_json are not used). Throws Error(kBadInput)
// for a text that is not such a record, a bad key or impossible dates.
std::string IssueReportCertificate(const std::string& report_text, const CertificateRequest& request,
                                   const std::string& secret_key_text);

enum class CertificateStatus { kValid, kTampered, kWrongKey, kExpired, kNotYetValid, kMalformed };

struct CertificateCheck {
  CertificateStatus status = CertificateStatus::kMalformed;
  std::string detail;  // why, in one sentence
};

// Verifies the signature with `public_key_text` and the validity period against `today` (YYYY-MM-DD).
// Never throws for a bad certificate: the status says what is wrong. (A malformed public key file or
// `today` is the caller's mistake, not the certificate's: Error(kBadInput).)
CertificateCheck VerifyCertificate(const std::string& certificate_text, const std::string& public_key_text,
                                   const std::string& today);

// Reserves the next certificate number of the key file `key_path`: "<key id>-<n>" with n one more than
// the last one issued with this key (6 digits at least). The counter lives in `key_path` + ".counter"
// ("pcf-certificate-counter v1", "key-id: …", "last: n"); it is updated atomically while the key file is
// locked (flock), so concurrent `pcf certify` runs never get the same number. Throws Error(kBadInput) for a
// counter file of another key or not in this form, Error(kIo) when it cannot be written.
std::string NextCertificateNumber(const std::string& key_path, const std::string& secret_key_text);

// True when `text` looks like a certificate (so `pcf verify` can tell certificates from submissions): a
// product certificate or a signed verification record.
bool IsCertificate(const std::string& text);

// True when `text` looks like a signed verification record (`pcf certify --verification-report`).
bool IsVerificationRecordCertificate(const std::string& text);

const char* CertificateStatusName(CertificateStatus status);

// Helpers of the certificate dates (also used by `pcf certify`).
// True for a calendar date written YYYY-MM-DD (years 0001-9999, leap years honoured).
bool IsCalendarDate(const std::string& date);
// `date` plus `years` years (29 February becomes 28 February in a common year). Throws Error(kBadInput)
// for a date that IsCalendarDate rejects or a result outside 0001-9999.
std::string AddYears(const std::string& date, int years);
// Today's date in UTC, or the day of $SOURCE_DATE_EPOCH when that is set (reproducible output).
std::string TodayUtc();

}  // namespace pcf
