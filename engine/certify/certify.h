// `pcf certify` recomputes before it signs (issue 12): the result is verified against its inputs and the
// database exactly as `pcf verify` does, and the certificate records what was verified (docs/certification.md,
// "What a certificate records").
#pragma once

#include <optional>
#include <string>

#include "engine/certify/submission.h"
#include "engine/db/model_store.h"
#include "engine/matrix/factorization.h"

namespace pcf {

struct Certification {
  SubmissionCheck check;    // the verification; only kVerified may be signed
  std::string record_json;  // kVerified: a JSON object with "verification", "statement" and, for cement
                            // and clinker, "cbam" (members added to the certificate)
};

// Verifies `result_text` (a `pcf calc PRODUCT.yaml` result, named `name`, inputs looked for from `folder`)
// and, when it is verified, builds the record. Never throws for a bad result: the check says what is wrong.
Certification RecomputeForCertificate(const std::string& name, const std::string& result_text, const std::string& folder,
                                      const std::string& product_yaml, const StoredModel& database, double rtol,
                                      std::optional<SolveMethod> solver, const Limits& limits = Limits());

// The result-shaped claims of a certificate (product, method, impacts, stages, split, gas_groups, manifest)
// as JSON text, so `pcf verify CERT` can recompute them like a result. Empty for a text that is no
// certificate.
std::string CertificateClaims(const std::string& certificate_text);

// Recomputes the certified figures of a certificate whose signature is valid: the result-shaped claims,
// then the record (statement, CBAM) when the certificate has one. `folder`: the certificate's folder.
SubmissionCheck RecomputeCertificate(const std::string& name, const std::string& certificate_text,
                                     const std::string& folder, const std::string& product_yaml,
                                     const StoredModel& database, double rtol, std::optional<SolveMethod> solver,
                                     const Limits& limits = Limits());

// Whether the product file a certificate's manifest names can be found (so recomputing is the default).
bool CertificateInputsAtHand(const std::string& certificate_text, const std::string& folder,
                             const std::string& product_yaml);

}  // namespace pcf
