// Where a command's output goes: a file written atomically, or standard output when no file is named.
#pragma once

#include <string>
#include <string_view>

namespace pcf::cli {

void WriteOutput(const std::string& path, std::string_view content);

}  // namespace pcf::cli
