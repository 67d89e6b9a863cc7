// One entry point for every report format of a product footprint (issue 6). Each format is a pure view
// of a FootprintReport; none recomputes. Formats: json, text, md, html, csv, pact-v2, pact-v3, cbam.
#pragma once

#include <string>
#include <vector>

#include "engine/report/footprint_report.h"

namespace pcf {

enum class Language { kEnglish, kChinese };

struct RenderOptions {
  Language language = Language::kEnglish;
  // PACT: the creation time written into the footprint (RFC 3339, UTC). Empty: taken from the
  // SOURCE_DATE_EPOCH convention by the caller, else the current time — never inside the engine.
  std::string created;
};

// The format names `--format` accepts (which file extensions hold which: cli/output.h).
const std::vector<std::string>& ReportFormats();

// Throws Error(kUsage) naming `format` when it does not show a Monte Carlo distribution (json, text, md
// and html do): `--mc` with such a format is refused before any work.
void RequireMonteCarloFormat(const std::string& format);

// Throws Error(kBadInput) for an unknown format, Error(kUnsupported) for a format this product cannot
// have (e.g. PACT for a negative footprint; cbam needs `report.cbam`, which the pipeline calculates for
// cement and clinker only).
std::string RenderFootprint(const FootprintReport& report, const std::string& format, const RenderOptions& options);

// The views (one file each).
std::string FormatFootprintMarkdown(const FootprintReport& report, Language language);
std::string FormatFootprintHtml(const FootprintReport& report, Language language);
std::string FormatFootprintCsv(const FootprintReport& report);
std::string FormatPact(const FootprintReport& report, int major_version, const RenderOptions& options);
std::string FormatCbam(const FootprintReport& report, Language language);

}  // namespace pcf
