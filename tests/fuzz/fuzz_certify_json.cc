// Fuzz target: the JSON readers of certification (engine/certify/certificate*.cc) on arbitrary bytes, read
// both as a certificate (VerifyCertificate never throws for a bad certificate; the HTML page refuses with
// pcf::Error) and as a `pcf calc` result to certify. Invariant: a certificate issued from an accepted
// result verifies as valid, byte for byte.
#include "engine/certify/certificate.h"
#include "engine/certify/certificate_html.h"
#include "engine/core/error.h"
#include "fuzz/fuzz_support.h"

namespace {

const pcf::KeyPair& Key() {
  static const pcf::KeyPair key = pcf::GenerateKeyPair("Fuzz Certification Body");
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = pcf::fuzz::Text(data, size);
  // As a certificate.
  (void)pcf::VerifyCertificate(text, Key().public_key_text, "2025-06-01");
  if (pcf::IsCertificate(text)) {
    try {
      (void)pcf::FormatCertificateHtml(text, pcf::Language::kEnglish);
    } catch (const pcf::Error&) {
    }
  }
  // As a result to certify.
  pcf::CertificateRequest request;
  request.result_json = text;
  request.valid_from = "2025-01-01";
  request.valid_until = "2026-01-01";
  request.issued = "2025-01-01";
  std::string certificate;
  try {
    certificate = pcf::IssueCertificate(request, Key().secret_key_text);
  } catch (const pcf::Error&) {
    return 0;
  }
  const pcf::CertificateCheck check = pcf::VerifyCertificate(certificate, Key().public_key_text, "2025-06-01");
  if (check.status != pcf::CertificateStatus::kValid)
    pcf::fuzz::Fail(std::string("a freshly issued certificate is ") + pcf::CertificateStatusName(check.status) + ": " +
                    check.detail);
  return 0;
}
