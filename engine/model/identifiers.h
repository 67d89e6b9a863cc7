// Identifiers a product file may give for PACT's companyIds, productIds and precedingPfIds
// (docs/product-format.md, "Product identity"): URNs (RFC 8141) with cheap check-digit validation of the
// forms that have one, and RFC 4122 UUIDs.
#pragma once

#include <string>

namespace pcf {

// The URN for `text`, or throws Error(kBadInput) with the reason and no location (the caller adds it).
// Accepted: any "urn:NID:NSS" (NID 2–32 letters, digits or '-'; NSS printable ASCII without blanks);
// "urn:uuid:" with an RFC 4122 UUID; "urn:gtin:" with 8, 12, 13 or 14 digits and a valid GS1 check digit;
// "urn:lei:" with an ISO 17442 LEI (20 characters, ISO 7064 MOD 97-10); "urn:uscc:" with a GB 32100-2015
// unified social credit code (统一社会信用代码, 18 characters and its check character). The short forms
// "gtin:…", "lei:…" and "uscc:…" are written as those URNs. Letters of LEI and USCC are upper-cased.
std::string NormalizeUrn(const std::string& text);

// Whether `text` is an RFC 4122 UUID in the 8-4-4-4-12 hex form.
bool IsUuid(const std::string& text);

}  // namespace pcf
