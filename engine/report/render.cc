#include "engine/report/render.h"

#include <fmt/format.h>

#include "engine/core/closest_id.h"
#include "engine/core/error.h"

namespace pcf {

const std::vector<std::string>& ReportFormats() {
  static const std::vector<std::string> kFormats = {"json", "text", "md", "html", "csv", "pact-v2", "pact-v3", "cbam"};
  return kFormats;
}

void RequireMonteCarloFormat(const std::string& format) {
  if (format == "json" || format == "text" || format == "md" || format == "html") return;
  throw Error(ErrorKind::kUsage,
              fmt::format("--mc: the Monte Carlo distribution is written in json, text, md and html results; {} does not "
                          "show it yet (docs/uncertainty.md)",
                          format));
}

std::string RenderFootprint(const FootprintReport& report, const std::string& format, const RenderOptions& options) {
  if (format == "json") return FormatFootprintJson(report);
  if (format == "text") return FormatFootprintText(report);
  if (format == "md") return FormatFootprintMarkdown(report, options.language);
  if (format == "html") return FormatFootprintHtml(report, options.language);
  if (format == "csv") return FormatFootprintCsv(report);
  if (format == "pact-v2") return FormatPact(report, 2, options);
  if (format == "pact-v3") return FormatPact(report, 3, options);
  if (format == "cbam") return FormatCbam(report, options.language);
  throw Error(ErrorKind::kBadInput,
              fmt::format("unknown report format \"{}\"{}", format, DidYouMean(format, ReportFormats())));
}

}  // namespace pcf
