// A certificate (certificate.h) as a printable page: one self-contained A4 HTML file (inline CSS, no
// scripts, no external resources) with every label in Chinese and English side by side. The page shows
// what the certificate file says; whether it is genuine is for `pcf verify CERT --pubkey KEY.pub`.
#pragma once

#include <string>

#include "engine/report/render.h"

namespace pcf {

// `language` sets the page's language tag and which of the two labels comes first. Throws
// Error(kBadInput) when `certificate_text` is not a pcf certificate (IsCertificate) or lacks its fields.
std::string FormatCertificateHtml(const std::string& certificate_text, Language language);

}  // namespace pcf
