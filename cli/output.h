// Where a command's output goes: a file written atomically, or standard output when no file is named;
// and the checks every writing command makes first (docs/exit-codes.md, "Outputs that are refused").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/output_guard.h"

namespace pcf::cli {

void WriteOutput(const std::string& path, std::string_view content);

// The creation time written into PACT footprints: $SOURCE_DATE_EPOCH when set (the reproducible-builds
// convention, so the same inputs give the same bytes), else now. RFC 3339, UTC.
std::string CreationTime();

// What a file extension may hold; the first format is the one an extension alone chooses.
struct ExtensionFormats {
  std::string extension;  // ".json", lower case
  std::vector<std::string> formats;
};

// The extensions of each kind of output.
const std::vector<ExtensionFormats>& ProductReportExtensions();  // pcf calc PRODUCT.yaml
const std::vector<ExtensionFormats>& DemandResultExtensions();   // pcf calc --demand
const std::vector<ExtensionFormats>& ScoresExtensions();         // pcf scores
const std::vector<ExtensionFormats>& VerifyReportExtensions();   // pcf verify
const std::vector<ExtensionFormats>& CertificateExtensions();    // pcf certify -o
const std::vector<ExtensionFormats>& HtmlPageExtensions();       // pcf certify --html
const std::vector<ExtensionFormats>& VerificationRecordExtensions();  // pcf verify --report
const std::vector<ExtensionFormats>& WhatIfExtensions();  // pcf sensitivity, pcf compare

// The format of the output `path` written for `option` ("-o"): `format` (--format) when given, which the
// extension must be able to hold; else the first format of the extension. Extensions compare in lower case
// (".HTML" is ".html"). Standard output ("" or "-") takes `format`, else `fallback`. Throws Error(kUsage)
// for an extension that is not in `table`, a name without extension and no --format, or an extension that
// does not hold `format`: a format is never chosen from anything but a known extension.
std::string OutputFormat(const std::string& path, const std::string& format, const std::vector<ExtensionFormats>& table,
                         const std::string& fallback, const std::string& option = "-o");

// The suffix of a product result file named after its product file: ".result.json", ".report.md", ….
std::string DefaultOutputSuffix(const std::string& format);

}  // namespace pcf::cli
