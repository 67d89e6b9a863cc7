// Where the default background database is, so `pcf calc` and friends work without --db.
#pragma once

#include <string>

namespace pcf::cli {

// `explicit_path` if given; else $PCF_DB; else hubei.sqlite beside the pcf binary (the build tree);
// else ../share/pcf/hubei.sqlite relative to it (an installed pcf). Throws Error(kNotFound) naming the
// places it looked.
std::string ResolveDatabase(const std::string& explicit_path);

}  // namespace pcf::cli
