// The views of a one-at-a-time sensitivity analysis (`pcf sensitivity`, docs/sensitivity.md): text, md and
// html tables of the elasticities ranked, an inline-SVG tornado chart in html, the allocation alternatives
// side by side, and json with a `sensitivity` object (docs/result-json.md). English or Chinese.
#pragma once

#include <string>

#include "engine/calc/sensitivity.h"
#include "engine/report/render.h"

namespace pcf {

// format: text, md, html or json. Throws Error(kUsage) for another format.
std::string FormatSensitivity(const SensitivityResult& result, const std::string& format, Language language);

// The formats FormatSensitivity writes (also those of `pcf compare`).
const std::vector<std::string>& WhatIfFormats();

}  // namespace pcf
