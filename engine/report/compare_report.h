// The views of `pcf compare` (docs/sensitivity.md): totals and stages of each case with the absolute and
// relative differences against the first, as text, md, html or json; English or Chinese.
#pragma once

#include <string>

#include "engine/calc/comparison.h"
#include "engine/report/render.h"

namespace pcf {

// format: text, md, html or json (WhatIfFormats()). Throws Error(kUsage) for another format.
std::string FormatComparison(const Comparison& comparison, const std::string& format, Language language);

}  // namespace pcf
