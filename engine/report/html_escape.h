// HTML-escaping of text for the self-contained HTML pages (reports, certificates).
#pragma once

#include <string>
#include <string_view>

namespace pcf {

// &, <, >, " and ' as entities; control characters other than tab and line feed dropped.
std::string HtmlEscape(std::string_view text);

}  // namespace pcf
