// Formats of issue 6 that are being written (each moves to its own file when done). Until then they
// refuse honestly instead of producing something incomplete.
#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/report/render.h"

namespace pcf {

namespace {
[[noreturn]] void NotYet(const char* format) {
  throw Error(ErrorKind::kUnsupported, fmt::format("the {} report format is not available in this version yet", format));
}
}  // namespace

std::string FormatFootprintMarkdown(const FootprintReport&, Language) { NotYet("md"); }
std::string FormatFootprintHtml(const FootprintReport&, Language) { NotYet("html"); }
std::string FormatFootprintCsv(const FootprintReport&) { NotYet("csv"); }
std::string FormatPact(const FootprintReport&, int, const RenderOptions&) { NotYet("pact"); }
std::string FormatCbam(const FootprintReport&, Language) { NotYet("cbam"); }

}  // namespace pcf
