// --limits KEY=VALUE[,KEY=VALUE…] (repeatable) on the commands that read product and supplier files: the
// resource limits of engine/core/limits.h, raised or lowered (docs/robustness.md, "Resource limits").
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/core/limits.h"

namespace pcf::cli {

// Collects the --limits texts; they are applied when the command runs (LimitsFrom).
CLI::Option* AddLimitsOption(CLI::App& command, std::vector<std::string>* texts);

// The defaults with every text applied in order. Throws Error(kUsage) naming an unknown key or a bad value.
Limits LimitsFrom(const std::vector<std::string>& texts);

}  // namespace pcf::cli
