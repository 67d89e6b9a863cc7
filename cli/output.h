// Where a command's output goes: a file written atomically, or standard output when no file is named.
#pragma once

#include <string>
#include <string_view>

namespace pcf::cli {

void WriteOutput(const std::string& path, std::string_view content);

// The creation time written into PACT footprints: $SOURCE_DATE_EPOCH when set (the reproducible-builds
// convention, so the same inputs give the same bytes), else now. RFC 3339, UTC.
std::string CreationTime();

}  // namespace pcf::cli
